// A real OpenID provider (panva's oidc-provider 9, OpenID Certified) on loopback for the tests of
// crates/auth. Prints "READY <issuer>" on stdout once it listens on 127.0.0.1:<ephemeral port>, and
// exits when its stdin closes (so a crashed test leaves no provider behind).
//
// Env: AT_TTL, ID_TTL, RT_TTL (seconds), HUB_AUDIENCE, and TAMPER=aud|iss|nonce|exp|sig to re-sign
// the ID token of every /token response with one claim (or the signature) wrong.
// GET /test/counters answers {"token": <POST /token count>, "revocation": <POST /token/revocation count>}.
//
// Headless login (devInteractions, cookie jar, no redirects followed): GET the authorization URL
// -> /interaction/<uid>; POST it prompt=login&login=<user>&password=<any> -> /auth/<uid>; GET ->
// /interaction/<uid2>; POST prompt=consent -> /auth/<uid2>; GET -> the client's redirect_uri.
import crypto from 'node:crypto';
import http from 'node:http';
import Provider from 'oidc-provider';

const AT_TTL = Number(process.env.AT_TTL ?? 60);
const ID_TTL = Number(process.env.ID_TTL ?? 60);
const RT_TTL = Number(process.env.RT_TTL ?? 3600);
const HUB = process.env.HUB_AUDIENCE ?? 'https://hub.quarry.test';
const TAMPER = process.env.TAMPER ?? '';

// Our own signing key, so TAMPER can re-sign ID tokens with the key the JWKS publishes.
const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingJwk = { ...privateKey.export({ format: 'jwk' }), kid: 'quarry-test', alg: 'RS256', use: 'sig' };

const server = http.createServer();
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'quarry-desktop',
    application_type: 'native', // loopback redirect: any port matches (RFC 8252 7.3)
    token_endpoint_auth_method: 'none', // public client => PKCE required by default
    redirect_uris: ['http://127.0.0.1/callback'],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
  }],
  jwks: { keys: [signingJwk] },
  pkce: { required: () => true }, // S256 is the only method in v9
  scopes: ['openid', 'offline_access', 'profile', 'email'],
  claims: { openid: ['sub'], profile: ['name'], email: ['email'] },
  findAccount: async (ctx, id) => ({
    accountId: id,
    claims: async () => ({ sub: id, name: `User ${id}`, email: `${id}@example.test` }),
  }),
  cookies: { keys: ['test-only-cookie-key'] },
  features: {
    devInteractions: { enabled: true },
    revocation: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: async () => HUB,
      useGrantedResource: async () => true,
      getResourceServerInfo: async (ctx, resource) => {
        if (resource !== HUB) throw new Provider.errors.InvalidTarget();
        return { scope: 'sync', audience: HUB, accessTokenTTL: AT_TTL, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
      },
    },
  },
  ttl: { AccessToken: AT_TTL, IdToken: ID_TTL, RefreshToken: RT_TTL, Interaction: 600, Session: 3600, Grant: 3600 },
  // rotateRefreshToken default: always rotates for public (auth method none) clients.
});
provider.on('server_error', (ctx, err) => console.error('server_error', err));

function tamper(idToken) {
  const [header, body] = idToken.split('.');
  const claims = JSON.parse(Buffer.from(body, 'base64url'));
  const now = Math.floor(Date.now() / 1000);
  let key = privateKey;
  switch (TAMPER) {
    case 'aud': claims.aud = 'someone-else'; break;
    case 'iss': claims.iss = 'https://evil.example'; break;
    case 'nonce': claims.nonce = 'not-the-nonce'; break;
    case 'exp': claims.iat = now - 3600; claims.exp = now - 600; break;
    case 'sig': key = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey; break;
    default: throw new Error(`unknown TAMPER=${TAMPER}`);
  }
  const input = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${input}.${crypto.sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

if (TAMPER) {
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path === '/token' && ctx.body && typeof ctx.body === 'object' && ctx.body.id_token) {
      ctx.body = { ...ctx.body, id_token: tamper(ctx.body.id_token) };
    }
  });
}

const counters = { token: 0, revocation: 0 };
const callback = provider.callback();
server.on('request', (req, res) => {
  if (req.method === 'GET' && req.url === '/test/counters') {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(counters));
    return;
  }
  if (req.method === 'POST' && req.url === '/token') counters.token += 1;
  if (req.method === 'POST' && req.url === '/token/revocation') counters.revocation += 1;
  callback(req, res);
});

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
console.log(`READY ${issuer}`);
