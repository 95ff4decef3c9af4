import Ajv from 'ajv';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** TGI's OpenAPI spec and recorded responses, copied into the repository (see test/fixtures/tgi/SOURCE.md). */
export const CONTRACTS_DIR = path.resolve(__dirname, '..', 'fixtures', 'tgi');

function contractFile(name: string): string {
	const file = path.join(CONTRACTS_DIR, name);
	if (!existsSync(file))
		throw new Error(`TGI fixture missing: ${file} (see test/fixtures/tgi/SOURCE.md)`);
	return readFileSync(file, 'utf8');
}

export const readSnapshot = (name: string) =>
	JSON.parse(contractFile(`tgi-snapshots/${name}.json`)) as Record<string, unknown>;

/** TEI's OpenAPI document, copied into the repository (see test/fixtures/tei/SOURCE.md). */
const TEI_OPENAPI = path.resolve(__dirname, '..', 'fixtures', 'tei', 'tei-openapi.json');

/**
 * A validator for one schema of TGI's OpenAPI document (components/schemas/<name>), or of TEI's
 * with `spec: 'tei'`.
 */
export function openApiValidator(schemaName: string, spec_: 'tgi' | 'tei' = 'tgi') {
	const text =
		spec_ === 'tei' ? readFileSync(TEI_OPENAPI, 'utf8') : contractFile('tgi-openapi.json');
	const spec = JSON.parse(text) as { components: { schemas: object } };
	const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
	// OpenAPI 3.0 `nullable` is not JSON schema; values are checked with their nulls removed instead.
	const components = JSON.parse(
		JSON.stringify(spec.components, (key, v: unknown) => (key === 'nullable' ? undefined : v)),
	);
	ajv.addSchema({ $id: spec_, components });
	const validate = ajv.getSchema(`${spec_}#/components/schemas/${schemaName}`);
	if (!validate) throw new Error(`No schema ${schemaName} in the ${spec_} OpenAPI document`);
	return (value: unknown) => {
		// OpenAPI 3.0 `nullable` fields are optional too: a null counts as absent.
		const nullable = JSON.parse(
			JSON.stringify(value, (_key, v: unknown) => (v === null ? undefined : v)),
		);
		return validate(nullable)
			? []
			: (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
	};
}
