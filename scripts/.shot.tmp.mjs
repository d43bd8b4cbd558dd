import { chromium } from "@playwright/test";
const base = "http://localhost:3000";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const errors = [];
page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
const email = process.argv[2] ?? "alice@acme.example";
await page.goto(base + "/signin");
await page.screenshot({ path: "/tmp/s1-signin.png" });
await page.getByLabel("Email address").fill(email);
await page.getByRole("button", { name: /sign-in link/ }).click();
await page.waitForURL(/check-email/);
await page.goto(base + "/dev/mailbox?to=" + encodeURIComponent(email));
await page.screenshot({ path: "/tmp/s2-mailbox.png", fullPage: true });
const link = await page.getByRole("list", { name: "Links in this email" }).first().getByRole("link").first().getAttribute("href");
await page.goto(link);
console.log("after link:", page.url());
await page.screenshot({ path: "/tmp/s3-dash.png", fullPage: true });
for (const [path, file] of (process.argv[3] ?? "").split(",").filter(Boolean).map((p, i) => [p, `/tmp/s${4 + i}.png`])) {
  await page.goto(base + path);
  await page.screenshot({ path: file, fullPage: true });
  console.log(path, "->", file, page.url());
}
console.log("console errors:", errors);
await browser.close();
