import { ts } from "ts-morph";

const LATER_THAN_ES5 = new Set([
  ts.SyntaxKind.LetKeyword,
  ts.SyntaxKind.ConstKeyword,
  ts.SyntaxKind.ClassKeyword,
  ts.SyntaxKind.EqualsGreaterThanToken,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateHead,
  ts.SyntaxKind.ImportKeyword,
  ts.SyntaxKind.ExportKeyword,
  ts.SyntaxKind.DotDotDotToken,
  ts.SyntaxKind.QuestionQuestionToken,
  ts.SyntaxKind.QuestionDotToken,
]);

/**
 * Tokens of `js` that Duktape (ES5 plus a few later built-ins) cannot parse, as "kind at line N".
 * A scanner, not a regex: words inside strings, comments and regexes do not count.
 */
export function laterThanEs5(js: string): string[] {
  const sf = ts.createSourceFile("k.js", js, ts.ScriptTarget.ES5, true, ts.ScriptKind.JS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (LATER_THAN_ES5.has(node.kind) || (ts.isVariableDeclarationList(node) && node.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const))) {
      found.push(`${ts.SyntaxKind[node.kind]} at line ${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`);
    }
    if (ts.isRegularExpressionLiteral(node) && /\/[a-z]*[suy][a-z]*$/.test(node.text)) found.push(`regex flags ${node.text}`);
    node.forEachChild(visit);
  };
  visit(sf);
  return found;
}
