/**
 * Keeps the API key out of every text the node shows, stores or logs: the key itself, its
 * URL-encoded and base64 forms (also inside a longer base64 text, such as `Bearer <key>` or a
 * Basic auth header), and any piece of it long enough to matter. Redact first, then cut a text
 * short: a cut never leaves part of the key behind.
 */

const REDACTED = '[redacted]';

/** Pieces of the key shorter than this are not searched for (too many false matches). */
export const MIN_PIECE = 12;

/**
 * The key's base64 form at each of the three byte offsets it can have inside a longer text:
 * the characters that depend on the key's bytes alone, in both alphabets (standard and URL-safe).
 */
function base64Cores(secret: string): string[] {
	const bytes = Buffer.from(secret, 'utf8');
	const cores: string[] = [];
	for (let skip = 0; skip < 3; skip++) {
		const aligned = bytes.subarray(skip, skip + Math.floor((bytes.length - skip) / 3) * 3);
		const core = aligned.toString('base64');
		if (core.length >= MIN_PIECE) cores.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
	}
	return cores;
}

/** Every form of the key to find (in any order: the finders mark characters, then one pass replaces). */
export function secretForms(secret: string): string[] {
	const forms = new Set<string>([
		secret,
		encodeURIComponent(secret),
		JSON.stringify(secret).slice(1, -1),
	]);
	for (const text of [secret, `Bearer ${secret}`])
		forms.add(Buffer.from(text, 'utf8').toString('base64'));
	for (const core of base64Cores(secret)) forms.add(core);
	return [...forms].filter((form) => form.length >= 4);
}

/** Work done while redacting, counted for the test that proves it linear. */
export interface RedactionWork {
	steps: number;
}

/**
 * A suffix automaton of one form of a secret: it recognises every piece of the form, built in time
 * linear in the form's length. Reading a text through it gives, at each position, the longest piece
 * of the form that ends there — in time linear in the text. Transitions live in one map keyed by
 * state and character code, so a long secret costs a few numbers per character, not an object.
 */
class PieceFinder {
	private readonly next = new Map<number, number>();
	private readonly link: number[] = [-1];
	private readonly length: number[] = [0];
	private readonly edges: number[][] = [[]];

	constructor(
		form: string,
		/** The shortest piece that counts: the whole form when it is shorter than MIN_PIECE. */
		private readonly shortest: number,
		work: RedactionWork,
	) {
		let last = 0;
		for (let at = 0; at < form.length; at++) {
			const code = form.charCodeAt(at);
			const current = this.addState(this.length[last] + 1, -1);
			let state = last;
			while (state !== -1 && !this.next.has(this.key(state, code))) {
				this.setEdge(state, code, current);
				state = this.link[state];
				work.steps++;
			}
			if (state === -1) this.link[current] = 0;
			else {
				const target = this.next.get(this.key(state, code)) as number;
				if (this.length[state] + 1 === this.length[target]) this.link[current] = target;
				else {
					const clone = this.addState(this.length[state] + 1, this.link[target]);
					for (const edge of this.edges[target]) {
						this.setEdge(clone, edge, this.next.get(this.key(target, edge)) as number);
						work.steps++;
					}
					while (state !== -1 && this.next.get(this.key(state, code)) === target) {
						this.setEdge(state, code, clone);
						state = this.link[state];
						work.steps++;
					}
					this.link[target] = clone;
					this.link[current] = clone;
				}
			}
			last = current;
			work.steps++;
		}
	}

	private key(state: number, code: number): number {
		return state * 0x10000 + code;
	}

	private addState(length: number, link: number): number {
		this.length.push(length);
		this.link.push(link);
		this.edges.push([]);
		return this.length.length - 1;
	}

	private setEdge(state: number, code: number, target: number): void {
		const key = this.key(state, code);
		if (!this.next.has(key)) this.edges[state].push(code);
		this.next.set(key, target);
	}

	/** Marks in `covered` every character of `text` inside a piece of the form at least `shortest` long. */
	mark(text: string, covered: Uint8Array, work: RedactionWork): void {
		let state = 0;
		let matched = 0;
		let markedTo = -1; // the last position marked: each is marked once
		for (let at = 0; at < text.length; at++) {
			const code = text.charCodeAt(at);
			while (state !== 0 && !this.next.has(this.key(state, code))) {
				state = this.link[state];
				matched = this.length[state];
				work.steps++;
			}
			const target = this.next.get(this.key(state, code));
			if (target === undefined) {
				state = 0;
				matched = 0;
			} else {
				state = target;
				matched++;
			}
			work.steps++;
			if (matched >= this.shortest) {
				for (let from = Math.max(at - matched + 1, markedTo + 1); from <= at; from++) {
					covered[from] = 1;
					work.steps++;
				}
				markedTo = at;
			}
		}
	}
}

/**
 * A function that redacts the secrets — the API key, and the credential's Custom Headers values —
 * from a text: every form above, and every piece of a form at least MIN_PIECE characters long (a
 * server that echoes part of a key); the identity without any. Each character inside some secret's
 * piece is replaced, a run of them by one "[redacted]", so a secret that holds another goes whole.
 * Linear in the text and the secrets' lengths, whatever their sizes (searching for every piece one
 * by one is cubic: a 100 KB header value once blocked n8n's event loop for minutes). The finders
 * are built on first use: a redactor is made per request, but only failures call it.
 */
export function secretRedactor(
	secrets: string | undefined | Array<string | undefined>,
	work: RedactionWork = { steps: 0 },
): (value: string) => string {
	const list = (Array.isArray(secrets) ? secrets : [secrets]).filter(
		(secret): secret is string => typeof secret === 'string' && secret.length >= 4,
	);
	if (list.length === 0) return (value) => value;
	let finders: PieceFinder[] | undefined;
	return (value) => {
		finders ??= [...new Set(list.flatMap(secretForms))].map(
			(form) => new PieceFinder(form, Math.min(MIN_PIECE, form.length), work),
		);
		const covered = new Uint8Array(value.length);
		for (const finder of finders) finder.mark(value, covered, work);
		const parts: string[] = [];
		for (let at = 0; at < value.length; ) {
			const start = at;
			const hidden = covered[at];
			while (at < value.length && covered[at] === hidden) at++;
			parts.push(hidden ? REDACTED : value.slice(start, at));
		}
		return parts.join('');
	};
}

/** Replaces every form of the secret (API key) in a text. */
export function redactSecret(value: string, secret: string | undefined): string {
	return secretRedactor(secret)(value);
}
