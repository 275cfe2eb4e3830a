// Compile every schema sco exports in ajv's strict mode, as an editor or web tool would, and validate
// documents with it. Run by tests/app/test_schema_ajv.py:
//
//   node ajv_check.mjs SCHEMA_FOLDER REQUEST.json
//
// REQUEST.json: {"documents": [{"kind": "lor", "name": "examples/lor.yaml", "data": {...}}, ...]}
// Prints one JSON object: {"schemas": {kind: {"compiled": bool, "error": str|null, "patterns":
// [{"pattern": p, "error": str|null}]}}, "documents": [{"name": ..., "valid": bool, "errors": [...]}]}
// Exits 0 when it could do its work (the verdicts are in the output), 2 on a usage mistake.

import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import Ajv2019 from "ajv/dist/2019.js";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const CLASSES = {
  "https://json-schema.org/draft/2020-12/schema": Ajv2020,
  "https://json-schema.org/draft/2019-09/schema": Ajv2019,
};

function newAjv(draft) {
  const Class = CLASSES[draft];
  if (!Class) throw new Error(`no ajv class for $schema ${JSON.stringify(draft)}`);
  // strict: true turns on every strict-mode restriction (strictSchema, strictNumbers, strictTypes,
  // strictTuples, strictRequired); union types stay refused (allowUnionTypes is not set).
  const ajv = new Class({ strict: true, allErrors: true });
  addFormats(ajv);
  return ajv;
}

function patterns(node, found = []) {
  if (Array.isArray(node)) {
    for (const item of node) patterns(item, found);
  } else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "pattern" && typeof value === "string") found.push(value);
      else if (key === "patternProperties" && value && typeof value === "object") {
        found.push(...Object.keys(value));
        patterns(Object.values(value), found);
      } else if (key === "properties" && value && typeof value === "object") patterns(Object.values(value), found);
      else patterns(value, found);
    }
  }
  return found;
}

const [folder, requestPath] = process.argv.slice(2);
if (!folder || !requestPath) {
  console.error("usage: node ajv_check.mjs SCHEMA_FOLDER REQUEST.json");
  process.exit(2);
}
const request = JSON.parse(readFileSync(requestPath, "utf8"));
const out = { node: process.version, schemas: {}, documents: [] };
const validators = {};
for (const file of readdirSync(folder).filter((name) => name.endsWith(".schema.json")).sort()) {
  const kind = file.slice(0, -".schema.json".length);
  const schema = JSON.parse(readFileSync(join(folder, file), "utf8"));
  const report = { compiled: false, error: null, warnings: [], patterns: [] };
  for (const pattern of patterns(schema)) {
    let error = null;
    try {
      new RegExp(pattern, "u");
    } catch (e) {
      error = String(e.message);
    }
    report.patterns.push({ pattern, error });
  }
  try {
    const ajv = newAjv(schema.$schema);
    // strict mode's "log" findings would go to the logger; with strict: true they throw, but keep any
    // warning that still gets logged so the test can show it.
    ajv.logger = { log() {}, warn: (...a) => report.warnings.push(a.join(" ")), error: (...a) => report.warnings.push(a.join(" ")) };
    validators[kind] = ajv.compile(schema);
    report.compiled = true;
  } catch (e) {
    report.error = String(e.message);
  }
  out.schemas[kind] = report;
}
for (const { kind, name, data } of request.documents || []) {
  const validate = validators[kind];
  if (!validate) {
    out.documents.push({ name, kind, valid: false, errors: [{ instancePath: "", message: `no compiled schema for kind ${kind}` }] });
    continue;
  }
  const valid = validate(data);
  const errors = (validate.errors || []).map(({ instancePath, schemaPath, keyword, params, message }) => ({
    instancePath,
    schemaPath,
    keyword,
    params,
    message,
  }));
  out.documents.push({ name, kind, valid, errors });
}
process.stdout.write(JSON.stringify(out) + "\n");
