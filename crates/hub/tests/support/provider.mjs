// A real OpenID provider (panva's oidc-provider 9, installed by tests/oidc-provider) on loopback
// for quarry-hub's tests and for running the hub locally (docs/hub.md). Prints
// "READY <issuer>" once it listens on 127.0.0.1:<PORT or an ephemeral port>, and exits when its
// stdin closes, so a crashed test leaves no provider behind.
//
// Accounts: any login of the form `user@tenant` (any password) signs in. Access tokens are JWTs
// (`typ: at+jwt`, RS256) for the resource the client asks for, HUB_AUDIENCE by default, and
// carry the claims the hub reads: `sub` (the login), `tenant`, `preferred_username` (`user`),
// `name`, `email` and `roles` (["admin"] when `user` is listed in HUB_ADMINS).
//
// Env: PORT, AT_TTL (seconds, default 300), HUB_AUDIENCE, OTHER_AUDIENCE (a second resource
// server, for wrong-audience tests), HUB_ADMINS (comma-separated user names, default "ada").
// POST /test/rotate starts signing with a new key (new `kid`); the JWKS then lists both keys.
//
// Client: `quarry-hub-tests`, secret `hub-tests-secret` (client_secret_post), redirect URI
// http://127.0.0.1/callback. Headless login with a cookie jar, no redirects followed: GET the
// authorization URL -> /interaction/<uid>; POST prompt=login&login=<user@tenant>&password=x ->
// /auth/<uid>; GET -> /interaction/<uid2>; POST prompt=consent -> /auth/<uid2>; GET -> callback.
import crypto from 'node:crypto';
import http from 'node:http';

const { default: Provider } = await import(
  new URL('../../../../tests/oidc-provider/node_modules/oidc-provider/lib/index.js', import.meta.url)
);

const PORT = Number(process.env.PORT ?? 0);
const AT_TTL = Number(process.env.AT_TTL ?? 300);
const HUB = process.env.HUB_AUDIENCE ?? 'https://hub.quarry.test';
const OTHER = process.env.OTHER_AUDIENCE ?? 'https://other.quarry.test';
const ADMINS = new Set((process.env.HUB_ADMINS ?? 'ada').split(',').map((s) => s.trim()));

const server = http.createServer();
await new Promise((resolve) => server.listen(PORT, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

function newSigningKey(kid) {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
}

function accountClaims(id) {
  const at = id.lastIndexOf('@');
  const user = at > 0 ? id.slice(0, at) : id;
  const tenant = at > 0 ? id.slice(at + 1) : 'default';
  return {
    tenant,
    preferred_username: user,
    name: `User ${user}`,
    email: `${user}@${tenant}.example`,
    roles: ADMINS.has(user) ? ['admin'] : [],
  };
}

function createProvider(keys) {
  const provider = new Provider(issuer, {
    clients: [{
      client_id: 'quarry-hub-tests',
      client_secret: 'hub-tests-secret',
      token_endpoint_auth_method: 'client_secret_post',
      redirect_uris: ['http://127.0.0.1/callback'],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    }],
    jwks: { keys },
    scopes: ['openid', 'profile', 'email'],
    claims: { openid: ['sub'], profile: ['name'], email: ['email'] },
    findAccount: async (ctx, id) => ({
      accountId: id,
      claims: async () => ({ sub: id, ...accountClaims(id) }),
    }),
    extraTokenClaims: async (ctx, token) => (token.accountId ? accountClaims(token.accountId) : undefined),
    cookies: { keys: ['test-only-cookie-key'] },
    features: {
      devInteractions: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: async (ctx, client, oneOf) => oneOf ?? HUB,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (ctx, resource) => {
          if (resource !== HUB && resource !== OTHER) throw new Provider.errors.InvalidTarget();
          return {
            scope: 'sync',
            audience: resource,
            accessTokenTTL: AT_TTL,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    ttl: { AccessToken: AT_TTL, IdToken: 300, Interaction: 600, Session: 3600, Grant: 3600 },
  });
  provider.on('server_error', (ctx, err) => console.error('server_error', err));
  return provider.callback();
}

let keys = [newSigningKey('hub-test-1')];
let callback = createProvider(keys);

server.on('request', (req, res) => {
  if (req.method === 'POST' && req.url === '/test/rotate') {
    keys = [newSigningKey(`hub-test-${keys.length + 1}`), ...keys];
    callback = createProvider(keys);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ kid: keys[0].kid }));
    return;
  }
  callback(req, res);
});

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
console.log(`READY ${issuer}`);
