// `npm run sdk:pack [destination]`: builds the SDK into packages/sdk/dist and writes the tarball
// customers install (`npm install ./rekey-sdk-<version>.tgz`; `npm publish` takes the same file).
import path from "node:path";
import { packSdk, SDK_DIR } from "./sdk-package";

const { tarball } = await packSdk({
  buildDir: path.join(SDK_DIR, "dist"),
  destination: path.resolve(process.argv[2] ?? "."),
});
console.log(tarball);
