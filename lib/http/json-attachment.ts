/** A JSON file download that no cache keeps (audit exports are per organisation and change constantly). */
export function jsonAttachment(body: unknown, fileName: string): Response {
  return new Response(JSON.stringify(body, null, 2), {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="${fileName}"`,
      "cache-control": "no-store",
    },
  });
}
