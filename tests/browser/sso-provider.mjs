// A test identity provider for trying single sign-on with the demo (not a
// test): starts the same OpenID Connect provider the browser suite uses
// (lib/oidc.js, the certified `oidc-provider` package) on
// http://localhost:9090 and writes the configuration Rundt needs.
//
//   cd tests/browser && npm ci && node sso-provider.mjs
//   RUNDT_SSO_CONFIG=/tmp/rundt-sso/sso.json RUNDT_PUBLIC_URL=http://127.0.0.1:8080 \
//     cargo run -p rundt-cli -- demo --serve
//
// The demo links each demo person at this provider under their username:
// at the provider's page type e.g. mette.supervisor (tick "Second factor
// used" to skip Rundt's own code). Ctrl-C stops it.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startProvider, RUNDT_CLIENT } from './lib/oidc.js';

const port = Number(process.env.PORT || 9090);
const rundtBase = (process.env.RUNDT_PUBLIC_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
const dir = process.env.RUNDT_SSO_DIR || '/tmp/rundt-sso';

const provider = await startProvider({ port, rundtBase });
mkdirSync(dir, { recursive: true });
const secretFile = join(dir, 'client-secret');
writeFileSync(secretFile, `${RUNDT_CLIENT.secret}\n`, { mode: 0o600 });
const config = join(dir, 'sso.json');
writeFileSync(config, `${JSON.stringify({
  password_login: true,
  providers: [{
    id: 'testkommune', issuer: provider.issuer, client_id: RUNDT_CLIENT.id,
    client_secret_file: secretFile, label: 'Testkommune',
  }],
}, null, 2)}\n`);
console.log(`Test identity provider at ${provider.issuer} for Rundt at ${rundtBase}.`);
console.log(`Configuration written to ${config}; start Rundt with:`);
console.log(`  RUNDT_SSO_CONFIG=${config} RUNDT_PUBLIC_URL=${rundtBase} cargo run -p rundt-cli -- demo --serve`);
process.on('SIGINT', async () => {
  await provider.stop();
  process.exit(0);
});
