/**
 * README's second way to install: `cd ~/.n8n/nodes && npm install n8n-nodes-huggingface-tgi`.
 * It must add this one package (n8n supplies n8n-workflow and the AI node SDK: optional peers),
 * and n8n must then load and run the node from there.
 */
import { API_KEY } from '../helpers/tgi';
import { TgiTestServer } from '../../testing/server/tgiServer';
import { N8nHome } from './support/n8nHome';
import { credentialsFor, EXAMPLES_DIR, nodeOutput, pairedIndexes } from './support/workflows';

const versions = (process.env.E2E_N8N_VERSIONS ?? '').split(',').filter(Boolean);

describe.each(versions)('manual install into n8n %s', (version) => {
	const server = new TgiTestServer({ apiKey: API_KEY });
	let home: N8nHome;

	beforeAll(async () => await server.start());
	afterAll(async () => {
		await server.stop();
		home?.remove();
	});

	test('npm install in ~/.n8n/nodes adds only this package, and n8n runs its node', async () => {
		home = new N8nHome(version);
		const installed = home.installWithNpm(process.env.E2E_TARBALL as string);
		expect(installed).toEqual(['n8n-nodes-huggingface-tgi']);
		await home.importCredentials(credentialsFor('self-hosted', server));
		await home.importWorkflow(`${EXAMPLES_DIR}/chat-per-item.json`);
		const output = nodeOutput(await home.execute('hfTgiExampleChat'), 'Hugging Face TGI');
		expect(pairedIndexes(output)).toEqual([0, 1, 2]);
		expect(output[0].json.content).toBe('Echo: What is Text Generation Inference?');
	});
});
