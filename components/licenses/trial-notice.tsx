import { Alert } from "@/components/ui/alert";
import { Time } from "@/components/ui/time";
import { daysUntil, TRIAL_ENDING_SOON_DAYS } from "@/lib/licensing";

/** What a trial customer needs to know: when it ends, and that buying keeps everything they set up. */
export function TrialNotice({ expiresAt, seats, now }: { expiresAt: Date | null; seats: number; now: Date }) {
  const daysLeft = expiresAt ? daysUntil(expiresAt, now) : null;
  const isEndingSoon = daysLeft !== null && daysLeft <= TRIAL_ENDING_SOON_DAYS;
  return (
    <div className="mb-6">
      <Alert
        tone={isEndingSoon ? "warning" : "info"}
        title={
          expiresAt
            ? daysLeft! <= 0
              ? "Your trial has ended"
              : `Your trial ends in ${daysLeft} ${daysLeft === 1 ? "day" : "days"}`
            : "This is a trial license"
        }
      >
        {expiresAt ? (
          <>
            It runs until <Time date={expiresAt} now={now} /> with up to {seats} {seats === 1 ? "device" : "devices"}.{" "}
          </>
        ) : null}
        When you buy, this license is converted in place: the same license, your activated devices and settings stay,
        and you get a new key with time to install it.
      </Alert>
    </div>
  );
}
