import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Rekey", template: "%s · Rekey" },
  description: "Self-service licenses and key rotation.",
};

/**
 * Every page renders per request: the CSP (proxy.ts) allows only scripts carrying that request's
 * nonce, and Next.js writes the nonce into a page's script tags only when it renders the page for
 * the request. A page prerendered at build time (as /help was) ships its scripts without one, the
 * browser blocks them all, and the page never becomes interactive (issue 16, item 12). A segment
 * setting rather than `await connection()`: it says the same to Next without calling a request API,
 * so the app harness (testing/app-harness.ts) can still render every page outside a request.
 */
export const dynamic = "force-dynamic";

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow"
        >
          Skip to content
        </a>
        {children}
      </body>
    </html>
  );
}
