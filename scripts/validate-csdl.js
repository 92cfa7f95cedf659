// Reads a CSDL XML file with the OASIS tools (odata-csdl: XML -> JSON; odata-openapi: CSDL ->
// OpenAPI) used as libraries, because their CLIs exit 0 even when they report problems.
// Prints every message; exits 1 if there is any.
const fs = require("fs");
const { xml2json } = require("odata-csdl");
const { csdl2openapi } = require("odata-openapi");

const file = process.argv[2];
const xml = fs.readFileSync(file, "utf8");
const messages = [];
let json;
try {
  json = xml2json(xml, { messages });
} catch (e) {
  messages.push(e.message || String(e));
}
if (json) {
  try {
    csdl2openapi(json, { messages, openapiVersion: "3.0.2" });
  } catch (e) {
    messages.push("odata-openapi crashed: " + (e.message || String(e)));
  }
}
for (const m of messages) console.log(`${file}: ${typeof m === "string" ? m : JSON.stringify(m)}`);
console.log(`odata-csdl + odata-openapi: ${messages.length} messages`);
process.exit(messages.length === 0 ? 0 : 1);
