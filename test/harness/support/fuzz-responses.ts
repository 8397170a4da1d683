import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { OpenApiDocument, Operation } from "./fuzz-requests";

type MediaTypes = Record<string, { schema?: unknown }>;
type DocumentedResponse = { content?: MediaTypes };

/**
 * Checks a successful answer against what the document promises for its status: the media
 * type, and for JSON the body against the response schema (JSON Schema 2020-12, as OpenAPI 3.1
 * uses, validated by Ajv, which shares nothing with the code that wrote the document). A
 * status documented without content must come without a body. Returns what is wrong, or [].
 */
export const responseChecker = (document: OpenApiDocument) => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  // Component references resolve against the document's own components.
  ajv.addSchema({ $id: "openapi:components", components: document.components ?? {} });
  const compiled = new Map<string, ValidateFunction>();

  const validatorFor = (key: string, schema: unknown) => {
    let validate = compiled.get(key);
    if (!validate) {
      const rooted = JSON.parse(
        JSON.stringify(schema).replaceAll('"$ref":"#/components/', '"$ref":"openapi:components#/components/'),
      );
      validate = ajv.compile(rooted);
      compiled.set(key, validate);
    }
    return validate;
  };

  return (
    operation: Operation,
    answer: { status: number; contentType: string; text: string; json?: unknown },
  ): string[] => {
    const documented = operation.spec.responses?.[String(answer.status)] as DocumentedResponse | undefined;
    // An undocumented status is reported by the caller; nothing more to say about its body.
    if (!documented) return [];
    const media = documented.content;
    if (!media || Object.keys(media).length === 0) {
      return answer.text.length ? [`${answer.status} is documented without a body but came with one`] : [];
    }
    const type = answer.contentType.split(";")[0]!.trim().toLowerCase();
    const declared = media[type];
    if (!declared) {
      return [
        `${answer.status} came as ${type || "no content type"}, documented as ${Object.keys(media).join(", ")}`,
      ];
    }
    if (!/json$/.test(type) || declared.schema === undefined) return [];
    if (answer.json === undefined) return [`${answer.status} ${type} body is not JSON`];
    const validate = validatorFor(
      `${operation.method} ${operation.path} ${answer.status} ${type}`,
      declared.schema,
    );
    if (validate(answer.json)) return [];
    return [
      `${answer.status} body does not match the documented schema: ${(validate.errors ?? [])
        .slice(0, 4)
        .map((e) => `${e.instancePath || "/"} ${e.message}`)
        .join("; ")}`,
    ];
  };
};
