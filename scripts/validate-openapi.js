// Validates an OpenAPI document with @apidevtools/swagger-parser (schema + $ref resolution).
const SwaggerParser = require("@apidevtools/swagger-parser");
SwaggerParser.validate(process.argv[2]).then(
  () => console.log(`swagger-parser: ${process.argv[2]} is valid`),
  (e) => {
    console.error(`swagger-parser: ${process.argv[2]}: ${e.message}`);
    process.exit(1);
  },
);
