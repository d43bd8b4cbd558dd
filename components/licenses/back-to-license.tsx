import { Link } from "@/components/ui/link";

/** A page header's eyebrow on a license's sub-pages: the way back to the license itself. */
export function BackToLicense({
  license,
}: {
  license: { id: string; product: { name: string }; edition: { name: string } };
}) {
  return (
    <Link href={`/licenses/${license.id}`} className="hover:underline">
      ← {license.product.name} · {license.edition.name}
    </Link>
  );
}
