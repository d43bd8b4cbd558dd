"use client";

export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body
        style={{
          fontFamily: "system-ui, sans-serif",
          maxWidth: 480,
          margin: "96px auto",
          padding: 16,
          textAlign: "center",
        }}
      >
        <h1>Rekey is having trouble</h1>
        <p>Something went wrong on our side. Your data is safe; please try again in a moment.</p>
        <button type="button" onClick={reset}>
          Try again
        </button>
      </body>
    </html>
  );
}
