/** A finished chat completion body, checked by the rules of the server's dialect before sending. */
import { servedTask, type ServerProfile } from './index';
import { validateMessages } from '../wire/messages';
import { applyRules, CHAT_RULES, fieldError, type FieldOf } from '../wire/rules';

/** Applies the dialect's rules to a finished request body; `fieldOf` names the parameter each key came from. */
export function validateChatBody(
	body: Record<string, unknown>,
	fieldOf: FieldOf,
	profile: ServerProfile,
): void {
	const messages = fieldOf('messages');
	validateMessages(body.messages, messages.field, messages.path);
	if (body.model === undefined || body.model === null)
		throw fieldError(fieldOf, 'model', CHAT_RULES.model(undefined) as string);
	validateChatFields(body, fieldOf, profile);
}

/** The dialect's rules for every field that is set, and its checks across fields; messages aside. */
export function validateChatFields(
	body: Record<string, unknown>,
	fieldOf: FieldOf,
	profile: ServerProfile,
): void {
	const chat = servedTask(profile, 'chat');
	applyRules(body, chat.chatRules(profile.limits), fieldOf);
	const across = chat.checkChatBody(body);
	if (across) throw fieldError(fieldOf, across.key, across.problem);
}
