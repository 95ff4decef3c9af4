import net from 'node:net';

/** test/setup.js keeps the suite on loopback; this proves the guard is in force. */
describe('the test suite never leaves 127.0.0.1', () => {
	const connect = async (host: string, port: number) =>
		await new Promise<string>((resolve) => {
			const socket = net.connect({ host, port });
			socket.on('error', (error) => resolve((error as Error).message));
			socket.on('connect', () => {
				socket.destroy();
				resolve('connected');
			});
		});

	it('refuses a connection to any other host before it is made', async () => {
		await expect(connect('huggingface.invalid', 443)).resolves.toBe(
			'Blocked: tests never connect to huggingface.invalid',
		);
	});

	it('lets loopback through', async () => {
		const server = net.createServer((socket) => socket.destroy());
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as net.AddressInfo;
		await expect(connect('127.0.0.1', port)).resolves.toBe('connected');
		await new Promise((resolve) => server.close(resolve));
	});
});
