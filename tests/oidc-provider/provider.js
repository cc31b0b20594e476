// A real OpenID provider (npm oidc-provider) for the console sign-in tests, on loopback only.
//
//   node provider.js <redirect URI>       (environment: MAILHA_TEST_CLIENT_SECRET)
//
// Listens on 127.0.0.1 on a free port and prints one line, {"issuer":"http://127.0.0.1:PORT"}, once it answers.
// One confidential client, "mailha-console", that must use the authorization code flow with PKCE (S256) and send its
// secret in the token request's body (client_secret_post, as ASP.NET Core's handler does), redirecting only to the URI
// given. Accounts: the lab's alice and bob, and mallory, whom MailHa's people do not know; each password is
// "<name>-password". The login form is this provider's own (below); consent is implied for this first-party client.
// It exits when its standard input closes, so a test run that dies leaves no provider behind.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const redirectUri = process.argv[2];
const clientSecret = process.env.MAILHA_TEST_CLIENT_SECRET;
if (!redirectUri || !clientSecret) {
  console.error('usage: MAILHA_TEST_CLIENT_SECRET=... node provider.js <redirect URI>');
  process.exit(2);
}

const accounts = new Map(['alice', 'bob', 'mallory'].map((name) => [name, {
  password: `${name}-password`,
  claims: { sub: name, preferred_username: name, name, email: `${name}@lab.example`, email_verified: true },
}]));

const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

const configuration = {
  clients: [{
    client_id: 'mailha-console',
    client_secret: clientSecret,
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  pkce: { required: () => true },
  jwks: { keys: [{ ...signingKey, kid: 'test', use: 'sig', alg: 'RS256' }] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email', 'email_verified'] },
  features: { devInteractions: { enabled: false } },
  async findAccount(ctx, sub) {
    const account = accounts.get(sub);
    return account && { accountId: sub, claims: async () => account.claims };
  },
  // A first-party client: the scopes it asks for are granted without a consent page.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      return ctx.oidc.provider.Grant.find(grantId);
    }
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid profile email');
    await grant.save();
    return grant;
  },
};

const escape = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));

function loginForm(res, uid, error) {
  res.writeHead(error ? 401 : 200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`<!doctype html><html><head><meta charset="utf-8"><title>Sign in</title></head><body>
<h1>Sign in to the lab's provider</h1>${error ? `<p id="error">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
<label>Username <input name="username" autocomplete="username" autofocus></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Sign in</button></form></body></html>`);
}

async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) {
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

let provider;
const server = createServer(async (req, res) => {
  const interaction = /^\/interaction\/([\w-]+)(\/login)?$/.exec(new URL(req.url, 'http://x').pathname);
  if (!interaction) {
    provider.callback()(req, res);
    return;
  }
  try {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name !== 'login') {
      throw new Error(`unexpected prompt ${details.prompt.name}`);
    }
    if (req.method === 'GET') {
      loginForm(res, details.uid);
      return;
    }
    const form = await readForm(req);
    const account = accounts.get(form.get('username') ?? '');
    if (!account || account.password !== form.get('password')) {
      loginForm(res, details.uid, 'unknown username or wrong password');
      return;
    }
    await provider.interactionFinished(req, res, { login: { accountId: form.get('username') } }, { mergeWithLastSubmission: false });
  } catch (error) {
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`interaction failed: ${error.message}`);
  }
});

server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  provider = new Provider(issuer, configuration);
  console.log(JSON.stringify({ issuer }));
});

process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
