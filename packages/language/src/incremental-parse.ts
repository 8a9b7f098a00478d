import {
    CstUtils,
    DefaultLangiumDocumentFactory,
    GrammarAST,
    isCompositeCstNode,
    type AstNode,
    type Cancellation,
    type CompositeCstNode,
    type CstNode,
    type LangiumDocument,
    type LangiumParser,
} from 'langium';
import type { Range } from 'vscode-languageserver-types';
import * as ast from './generated/ast.js';
import { forgetTreeLists } from './sla-build-steps.js';
import type { SlaLeafCstNode } from './sla-parser.js';

/**
 * Langium parses a changed document from scratch: about 200 ms for a 10,000-line agreement, most
 * of the time of a re-validation. An edit inside one `{ … }` member of an agreement (a service, a
 * data source, a calendar) changes only that member's syntax tree, so only that member is parsed
 * again and put in place of the old one; everything else falls back to a full parse.
 */
export class SlaDocumentFactory extends DefaultLangiumDocumentFactory {
    override async update<T extends AstNode = AstNode>(
        document: LangiumDocument<T>,
        cancelToken: Cancellation.CancellationToken,
    ): Promise<LangiumDocument<T>> {
        const text = this.textDocuments?.get(document.uri.toString())?.getText();
        if (text !== undefined) {
            reparseChangedMember(document, text, this.serviceRegistry.getServices(document.uri).parser.LangiumParser);
        }
        // After a member was replaced the tree holds the new text, and Langium parses nothing.
        return super.update(document, cancelToken);
    }
}

/** The part of the text that an edit replaced: [start, oldEnd) of the old text, [start, newEnd) of the new. */
interface TextChange {
    readonly start: number;
    readonly oldEnd: number;
    readonly newEnd: number;
}

/** A member of an agreement that can be parsed on its own: its CST child of the agreement node. */
interface Reparsable {
    readonly agreement: ast.Agreement;
    readonly index: number;
    readonly slot: CstNode;
}

/**
 * Replaces the syntax tree of the one agreement member that `newText` changes, if the change
 * lies inside such a member's braces and the document parsed without errors. Returns whether it did.
 */
export function reparseChangedMember(document: LangiumDocument, newText: string, parser: LangiumParser): boolean {
    const model = document.parseResult.value;
    const root = model.$cstNode?.root;
    if (
        !ast.isModel(model) ||
        !root ||
        document.parseResult.lexerErrors.length > 0 ||
        document.parseResult.parserErrors.length > 0
    )
        return false;
    const oldText = root.fullText;
    if (oldText === newText) return false;
    const change = textChange(oldText, newText);
    const target = memberAround(model, change);
    if (!target) return false;
    const replacement = parseMemberInPlace(target, oldText, newText, change, parser);
    if (!replacement) return false;
    spliceMember(target, replacement, newText, change);
    return true;
}

function textChange(oldText: string, newText: string): TextChange {
    const shorter = Math.min(oldText.length, newText.length);
    let start = 0;
    while (start < shorter && oldText.charCodeAt(start) === newText.charCodeAt(start)) start++;
    let suffix = 0;
    while (
        suffix < shorter - start &&
        oldText.charCodeAt(oldText.length - 1 - suffix) === newText.charCodeAt(newText.length - 1 - suffix)
    )
        suffix++;
    return { start, oldEnd: oldText.length - suffix, newEnd: newText.length - suffix };
}

/**
 * The member whose braces hold the change: it must start with a keyword and end with `}`, and
 * the change must leave both untouched, so the tokens around it, and where it ends, stay the same.
 */
function memberAround(model: ast.Model, change: TextChange): Reparsable | undefined {
    const agreement = model.agreements.find(
        (a) => a.$cstNode && a.$cstNode.offset < change.start && change.oldEnd < a.$cstNode.end,
    );
    const agreementNode = agreement?.$cstNode;
    if (!agreement || !agreementNode) return undefined;
    const index = agreement.members.findIndex(
        (m) => m.$cstNode && m.$cstNode.offset < change.start && change.oldEnd < m.$cstNode.end,
    );
    const member = agreement.members[index];
    const slot = member && childOf(agreementNode, member.$cstNode);
    if (!slot) return undefined;
    const first = firstLeaf(slot);
    const last = lastLeaf(slot);
    const enclosed = first.end <= change.start && change.oldEnd <= last.offset;
    return enclosed && GrammarAST.isKeyword(first.grammarSource) && isClosingBrace(last)
        ? { agreement, index, slot }
        : undefined;
}

/**
 * Parses the member's new text where it stands: the agreement's header is kept, every other
 * character before the member is blanked (line breaks kept), so positions come out right.
 * Undefined unless the text still is exactly one such member, without errors.
 */
function parseMemberInPlace(
    target: Reparsable,
    oldText: string,
    newText: string,
    change: TextChange,
    parser: LangiumParser,
): ast.AgreementMember | undefined {
    const agreementNode = target.agreement.$cstNode as CompositeCstNode;
    const headerEnd = agreementNode.content.find((child) => isKeyword(child, '{'))?.end;
    if (headerEnd === undefined || headerEnd > target.slot.offset) return undefined;
    const newSlotEnd = target.slot.end + change.newEnd - change.oldEnd;
    const parts = [
        blank(oldText.slice(0, agreementNode.offset)),
        oldText.slice(agreementNode.offset, headerEnd),
        blank(oldText.slice(headerEnd, target.slot.offset)),
        newText.slice(target.slot.offset, newSlotEnd),
        // The character after the member, as in the full text, then the agreement's end.
        newText.charAt(newSlotEnd),
        '}',
    ];
    if (!/\s/.test(newText.charAt(newSlotEnd))) return undefined;
    const result = parser.parse<ast.Model>(parts.join(''));
    if (result.lexerErrors.length > 0 || result.parserErrors.length > 0) return undefined;
    const agreement = result.value.agreements[0];
    const member = agreement?.members[0];
    if (
        result.value.agreements.length !== 1 ||
        agreement.members.length !== 1 ||
        !member?.$cstNode ||
        !agreement.$cstNode
    )
        return undefined;
    const slot = childOf(agreement.$cstNode, member.$cstNode);
    const fits =
        slot && slot.offset === target.slot.offset && slot.end === newSlotEnd && isClosingBrace(lastLeaf(slot));
    return fits ? member : undefined;
}

function blank(text: string): string {
    return text.replace(/[^\r\n]+/g, (run) => ' '.repeat(run.length));
}

/**
 * Puts the new member in place of the old in both trees, and moves every token after it by
 * the change in length (and in lines, and in columns on the member's last line).
 */
function spliceMember(target: Reparsable, member: ast.AgreementMember, newText: string, change: TextChange): void {
    const { agreement, index, slot } = target;
    const agreementNode = agreement.$cstNode as CompositeCstNode;
    const root = agreementNode.root;
    const newSlot = childOf(member.$container!.$cstNode!, member.$cstNode!)!;
    const oldEnd = lastLeaf(slot).range.end;
    const newEnd = lastLeaf(newSlot).range.end;
    const shift: Shift = {
        from: slot.end,
        offset: change.newEnd - change.oldEnd,
        line: newEnd.line - oldEnd.line,
        lastLine: oldEnd.line,
        column: newEnd.character - oldEnd.character,
    };

    for (const node of CstUtils.streamCst(newSlot)) (node as Mutable<CstNode>).root = root;
    if (shift.offset === 0 && shift.line === 0 && shift.column === 0) {
        // Same length, same line breaks (a digit overwritten, a name changed for one as long): nothing
        // after the member moves; only the ancestors' cached ranges may end in the old member.
        for (let node: CompositeCstNode | undefined = agreementNode; node; node = node.container) forgetRange(node);
    } else {
        moveNodesAfter(root, shift);
    }
    const slotIndex = agreementNode.content.indexOf(slot);
    agreementNode.content.splice(slotIndex, 1, newSlot);
    (root as unknown as { _text: string })._text = newText;
    forgetTreeLists(root);

    // A new array, so that results cached for the old list of members (validation/queries.ts) are not reused.
    const members = [...agreement.members];
    members[index] = member;
    agreement.members = members;
    Object.assign(member, { $container: agreement, $containerProperty: 'members', $containerIndex: index });
}

interface Shift {
    /** Tokens at or after this offset of the old text move. */
    readonly from: number;
    readonly offset: number;
    readonly line: number;
    /** The old member's last line: tokens on it move by `column` too. */
    readonly lastLine: number;
    readonly column: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface CachedRange {
    _rangeCache?: Range;
}

/**
 * Moves the tokens at or after `shift.from`. Subtrees that end before it are skipped, and once a
 * subtree starts after it, its tokens move without further comparisons.
 */
function moveNodesAfter(node: CompositeCstNode, shift: Shift, allAfter = false): void {
    forgetRange(node);
    // Indexed: `content` is an Array subclass, which for…of walks much more slowly.
    const { content } = node;
    for (let i = 0; i < content.length; i++) {
        const child = content[i];
        if (isCompositeCstNode(child)) {
            if (allAfter || firstLeaf(child, true).offset >= shift.from) moveNodesAfter(child, shift, true);
            else if (lastLeaf(child, true).end > shift.from) moveNodesAfter(child, shift);
        } else if (allAfter || child.offset >= shift.from) {
            moveLeaf(child as SlaLeafCstNode, shift);
        }
    }
}

function moveLeaf(leaf: SlaLeafCstNode, shift: Shift): void {
    // Langium keeps a leaf's offset in a private field and has no setter for it.
    (leaf as unknown as { _offset: number })._offset += shift.offset;
    // Only tokens on the member's last line move sideways; those below it move when lines were added or removed.
    if (leaf.startLine === shift.lastLine) leaf.startCharacter += shift.column;
    if (leaf.endLine === shift.lastLine) leaf.endCharacter += shift.column;
    leaf.startLine += shift.line;
    leaf.endLine += shift.line;
}

function forgetRange(node: CompositeCstNode): void {
    const composite = node as unknown as CachedRange;
    if (composite._rangeCache !== undefined) composite._rangeCache = undefined;
}

/** The child of `ancestor` on the way down to `node`. */
function childOf(ancestor: CstNode, node: CstNode | undefined): CstNode | undefined {
    let current = node;
    while (current && current.container !== ancestor) current = current.container;
    return current;
}

/** The first token under `node`; with `withHidden`, comments count too. */
function firstLeaf(node: CstNode, withHidden = false): CstNode {
    let current = node;
    while (isCompositeCstNode(current) && current.content.length > 0) {
        const { content } = current;
        current = (withHidden ? undefined : content.find((c) => !c.hidden)) ?? content[0];
    }
    return current;
}

/** The last token under `node`; with `withHidden`, comments count too. */
function lastLeaf(node: CstNode, withHidden = false): CstNode {
    let current = node;
    while (isCompositeCstNode(current) && current.content.length > 0) {
        const { content } = current;
        let index = content.length - 1;
        while (!withHidden && index > 0 && content[index].hidden) index--;
        current = content[index];
    }
    return current;
}

function isClosingBrace(node: CstNode): boolean {
    return isKeyword(node, '}');
}

function isKeyword(node: CstNode, value: string): boolean {
    return GrammarAST.isKeyword(node.grammarSource) && node.grammarSource.value === value;
}
