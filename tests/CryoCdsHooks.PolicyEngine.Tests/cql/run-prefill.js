// Executes the prefill Library's ELM (cql-execution + cql-exec-fhir) for each patient Bundle of a request file and
// prints, per case, the value of every Library parameter with use "out" (the Questionnaire items' answers) as JSON.
// Usage: node run-prefill.js <request.json>, where request.json is
//   { "library": "<path to Library-mp260-prefill.json>", "cases": [ { "key", "dateOfService": "YYYY-MM-DD", "bundle" } ] }
'use strict';
const fs = require('fs');
const cql = require('cql-execution');
const cqlfhir = require('cql-exec-fhir');

function plain(value) {
  if (value === null || value === undefined) return null;
  if (value instanceof cql.Quantity) return { value: value.value, unit: value.unit };
  if (value instanceof cql.DateTime || value instanceof cql.Date) return value.toString();
  if (Array.isArray(value)) return value.map(plain);
  // A FHIR element (cql-exec-fhir keeps its JSON un-enumerable): e.g. the Coding a choice item is prefilled with.
  if (value._json !== undefined && value._typeInfo !== undefined) return value._json;
  if (typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = plain(v);
    return out;
  }
  return value;
}

async function main() {
  const request = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const library = JSON.parse(fs.readFileSync(request.library, 'utf8'));
  const elmContent = library.content.find(c => c.contentType === 'application/elm+json');
  const elm = JSON.parse(Buffer.from(elmContent.data, 'base64').toString('utf8'));
  const answers = library.parameter.filter(p => p.use === 'out').map(p => p.name);
  const compiled = new cql.Library(elm);
  const results = {};
  // One source for every case: reading the FHIR model info is the slow part.
  const source = cqlfhir.PatientSource.FHIRv401();
  for (const item of request.cases) {
    const dateOfService = cql.Date.parse(item.dateOfService);
    const executor = new cql.Executor(compiled, new cql.CodeService({}), { DateOfService: dateOfService });
    source.reset();
    source.loadBundles([item.bundle]);
    const run = await executor.exec(source, cql.DateTime.parse(item.dateOfService + 'T12:00:00.000Z'));
    const patient = Object.values(run.patientResults)[0] || {};
    results[item.key] = Object.fromEntries(answers.map(name => [name, plain(patient[name])]));
  }
  process.stdout.write(JSON.stringify(results));
}

main().catch(error => {
  process.stderr.write(String(error && error.stack ? error.stack : error) + '\n');
  process.exit(1);
});
