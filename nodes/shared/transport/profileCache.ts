import type { ServerProfile } from '../dialects/types';

/**
 * Remembers detected profiles per key (credential and Base URL) for `ttlMs`, so a redeployed
 * endpoint is detected again; concurrent lookups of one key share one detection.
 */
export class ProfileCache {
	private readonly entries = new Map<string, { at: number; profile: Promise<ServerProfile> }>();

	constructor(
		private readonly ttlMs: number,
		private readonly now: () => number = Date.now,
	) {}

	async get(key: string, detect: () => Promise<ServerProfile>): Promise<ServerProfile> {
		const entry = this.entries.get(key);
		if (entry && this.now() - entry.at < this.ttlMs) return await entry.profile;
		const profile = detect();
		this.entries.set(key, { at: this.now(), profile });
		const forget = () => {
			if (this.entries.get(key)?.profile === profile) this.entries.delete(key);
		};
		// Only an answer is remembered: an unsure guess, or a failed detection, is tried again next time.
		profile.then((result) => {
			if (result.how === 'fallback') forget();
		}, forget);
		return await profile;
	}

	clear(): void {
		this.entries.clear();
	}
}
