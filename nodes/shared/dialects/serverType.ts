/**
 * What the credential shows and sends about dialects, built from the dialect list: its Server Type
 * options and its test request's route. A new dialect appears in both by being in DIALECTS.
 */
import { DIALECTS } from './index';

/**
 * The credential's Server Type options: Auto-Detect, then each dialect's own option, by name (a new
 * dialect appears there by being in DIALECTS).
 */
export const SERVER_TYPE_OPTIONS: Array<{ name: string; value: string; description: string }> = [
	{
		name: 'Auto-Detect',
		value: 'auto',
		description:
			'The HF router at router.huggingface.co. Any other address: asks GET {Base URL}/info once (TGI and TEI answer it) and remembers the answer for 5 minutes.',
	},
	...DIALECTS.map(({ id, serverType }) => ({ value: id, ...serverType })).sort((a, b) =>
		a.name.localeCompare(b.name),
	),
];

/** The API Version part of a URL, as an n8n expression: `/v1`, or nothing when it is empty. */
const API_VERSION =
	'($credentials.apiVersion && $credentials.apiVersion.trim() ? "/" + $credentials.apiVersion.trim().replace(/^\\/+|\\/+$/g, "") : "")';

/**
 * The credential test's URL, as an n8n expression: each dialect's model list (OpenAI's
 * `{API Version}/models`; TEI, which has none, its `/info` — both check the key), picked by the
 * credential's Server Type; Auto-Detect asks `{API Version}/models`.
 */
export function credentialTestUrl(): string {
	const routeOf = (request: { path: string; root?: boolean }) =>
		request.root
			? JSON.stringify(`/${request.path}`)
			: `${API_VERSION} + ${JSON.stringify(`/${request.path}`)}`;
	const fallback = routeOf({ path: 'models' });
	const route = DIALECTS.map((dialect) => ({
		id: dialect.id,
		route: routeOf(dialect.tasks.models.request()),
	}))
		.filter(({ route }) => route !== fallback)
		.reduceRight(
			(otherwise, { id, route }) =>
				`($credentials.serverType === ${JSON.stringify(id)} ? ${route} : ${otherwise})`,
			fallback,
		);
	return `={{ $credentials.baseUrl.trim().replace(/\\/+$/, "") + ${route} }}`;
}
