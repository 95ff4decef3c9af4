/** How a server profile reads in messages. */
import type { ServerProfile } from './types';

/** How the profile reads in messages: "TGI (detected)", "OpenAI-compatible (set in the credential)". */
export function describeProfile(profile: ServerProfile): string {
	const how = {
		credential: 'set in the credential',
		address: 'its address',
		detected: 'detected',
		fallback: 'assumed: GET /info did not answer',
	}[profile.how];
	return `${profile.dialect.name} (${how})`;
}
