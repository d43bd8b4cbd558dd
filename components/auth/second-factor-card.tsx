import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { SecondFactorSettings, type SecondFactorSettingsProps } from "./second-factor-settings";

/** The "Two-step verification" card of a security page, for customers and staff alike. */
export function SecondFactorCard({ isVerified, ...settings }: SecondFactorSettingsProps & { isVerified: boolean }) {
  return (
    <Card aria-labelledby="second-factor">
      <CardHeader
        id="second-factor"
        title="Two-step verification"
        description="After the email link, sign-in asks for a code from an authenticator app."
        actions={
          settings.isEnrolled ? (
            <Badge tone={isVerified ? "green" : "amber"}>
              {isVerified ? "On · verified this session" : "On · not verified this session"}
            </Badge>
          ) : (
            <Badge tone="slate">Off</Badge>
          )
        }
      />
      <div className="px-5 py-4">
        <SecondFactorSettings {...settings} />
      </div>
    </Card>
  );
}
