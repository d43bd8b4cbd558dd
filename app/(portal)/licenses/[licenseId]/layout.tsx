import { loadLicense } from "./load-license";

export default async function LicenseLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ licenseId: string }>;
}) {
  await loadLicense((await params).licenseId);
  return children;
}
