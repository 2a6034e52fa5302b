// A real OpenID Connect provider for the single sign-on tests: the
// certified `oidc-provider` package, run in this process on a loopback
// port. It issues real codes and signed ID tokens to two clients — Rundt
// ("rundt") and another application ("other-app") — requires PKCE, and its
// login page is a plain form that names the account and whether the person
// used a second factor (`amr`).
//
// A test may ask the next token answer to carry a doctored ID token (for
// another audience, with another nonce, expired), re-signed with the
// provider's own key: Rundt must refuse each for what it is, not for a bad
// signature.

import { generateKeyPair, exportJWK, SignJWT, decodeJwt } from 'jose';
import Provider from 'oidc-provider';

export const RUNDT_CLIENT = { id: 'rundt', secret: 'rundt-test-secret-4f9a' };
export const OTHER_CLIENT = { id: 'other-app', secret: 'other-app-secret-77c1' };

/** The login page's form, as a person fills it in. */
function loginForm(uid, clientId) {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title></head>
<body><main><h1>Test identity provider</h1><p>Log in to ${clientId}</p>
<form method="post" action="/interaction/${uid}/login">
<label>Account <input name="login" autocomplete="off"></label>
<label><input type="checkbox" name="mfa" value="yes"> Second factor used</label>
<button type="submit" class="login-submit">Log in</button>
</form></main></body></html>`;
}

/** A urlencoded request body. */
async function formBody(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * Starts the provider at http://localhost:`port` (a different site from
 * Rundt's 127.0.0.1, as a real provider is) for Rundt at `rundtBase`.
 * Returns { issuer, stop(), tamperNext(change), rewriteNextAnswer(change) }:
 * `change(claims)` returns the claims of the next ID token issued,
 * `change(url)` the address of the next answer to Rundt.
 */
export async function startProvider({ port, rundtBase }) {
  const issuer = `http://localhost:${port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'test-key-1', alg: 'RS256', use: 'sig' };
  const client = (c) => ({
    client_id: c.id,
    client_secret: c.secret,
    redirect_uris: [`${rundtBase}/login/oidc/callback`],
    post_logout_redirect_uris: [`${rundtBase}/login`],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_basic',
  });
  const provider = new Provider(issuer, {
    clients: [client(RUNDT_CLIENT), client(OTHER_CLIENT)],
    jwks: { keys: [jwk] },
    pkce: { required: () => true },
    claims: { openid: ['sub', 'acr', 'amr', 'auth_time'] },
    conformIdTokenClaims: false,
    cookies: { keys: ['oidc-test-cookie-key-1'] },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        // The provider's own page, without the default's web fonts.
        logoutSource: async (ctx, form) => {
          ctx.type = 'html';
          ctx.body = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Log out</title></head>
<body><main><h1>Log out of the test identity provider?</h1>${form}
<button type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button></main></body></html>`;
        },
      },
    },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (ctx, sub) => ({ accountId: sub, claims: async () => ({ sub }) }),
    // First-party: no consent screen; the grant covers `openid`.
    loadExistingGrant: async (ctx) => {
      const id = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (id) return ctx.oidc.provider.Grant.find(id);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid');
      await grant.save();
      return grant;
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = `<!DOCTYPE html><html lang="en"><head><title>Error</title></head><body><main><h1>${out.error}</h1><p>${out.error_description || ''}</p></main></body></html>`;
    },
  });
  provider.proxy = false;

  let tamper = null;
  let rewriteAnswer = null;
  provider.use(async (ctx, next) => {
    const m = ctx.path.match(/^\/interaction\/([^/]+)(\/login)?$/);
    if (m) {
      const details = await provider.interactionDetails(ctx.req, ctx.res);
      if (ctx.method === 'GET' && !m[2]) {
        ctx.type = 'html';
        ctx.body = loginForm(details.uid, details.params.client_id);
        return;
      }
      if (ctx.method === 'POST' && m[2]) {
        const form = await formBody(ctx.req);
        const accountId = (form.get('login') || '').trim();
        const mfa = form.get('mfa') === 'yes';
        const result = {
          login: { accountId, amr: mfa ? ['pwd', 'otp'] : ['pwd'], acr: mfa ? 'urn:test:loa:2' : 'urn:test:loa:1' },
        };
        const to = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
        ctx.status = 303;
        ctx.redirect(to);
        return;
      }
    }
    await next();
    const location = ctx.response.get('Location');
    if (rewriteAnswer && location && location.startsWith(`${rundtBase}/login/oidc/callback`)) {
      const change = rewriteAnswer;
      rewriteAnswer = null;
      ctx.set('Location', change(location));
    }
    if (ctx.path === '/token' && ctx.status === 200 && tamper && ctx.body && ctx.body.id_token) {
      const change = tamper;
      tamper = null;
      const claims = change({ ...decodeJwt(ctx.body.id_token) });
      ctx.body = {
        ...ctx.body,
        id_token: await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: jwk.kid }).sign(privateKey),
      };
    }
  });

  const server = provider.listen(port, 'localhost');
  await new Promise((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  return {
    issuer,
    /** The next ID token's claims are `change(claims)`'s, signed anew. */
    tamperNext(change) {
      tamper = change;
    },
    /**
     * The next answer sent back to Rundt goes to `change(url)` instead (as
     * if somebody had swapped what the browser carries).
     */
    rewriteNextAnswer(change) {
      rewriteAnswer = change;
    },
    async stop() {
      await new Promise((r) => server.close(r));
      server.closeAllConnections?.();
    },
  };
}
