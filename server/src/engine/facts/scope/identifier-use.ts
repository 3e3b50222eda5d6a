/** How an identifier is used: as a value (a reference) or not, and whether it is assigned. Syntax only. */
import { ts } from "ts-morph";

/** Read once: each `ts.x` read is a getter on a dictionary-mode namespace object (see ast.ts). */
const SyntaxKind = ts.SyntaxKind;
const { isArrayLiteralExpression, isBinaryExpression, isForInStatement, isForOfStatement, isObjectLiteralExpression, isParenthesizedExpression, isPostfixUnaryExpression, isPrefixUnaryExpression, isPropertyAssignment, isShorthandPropertyAssignment, isSpreadAssignment, isSpreadElement } = ts;

/** True when the identifier names a value (not a property name, label or declaration name). */
export function isReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (!p) return false;
  switch (p.kind) {
    case SyntaxKind.PropertyAccessExpression:
      return (p as ts.PropertyAccessExpression).expression === id;
    case SyntaxKind.QualifiedName:
      return (p as ts.QualifiedName).left === id;
    case SyntaxKind.PropertyAssignment:
      return (p as ts.PropertyAssignment).initializer === id;
    case SyntaxKind.BindingElement:
      return (p as ts.BindingElement).initializer === id;
    case SyntaxKind.VariableDeclaration:
    case SyntaxKind.Parameter:
    case SyntaxKind.PropertyDeclaration:
    case SyntaxKind.PropertySignature:
      return (p as ts.VariableDeclaration).initializer === id;
    case SyntaxKind.FunctionDeclaration:
    case SyntaxKind.FunctionExpression:
    case SyntaxKind.ClassDeclaration:
    case SyntaxKind.ClassExpression:
    case SyntaxKind.MethodDeclaration:
    case SyntaxKind.MethodSignature:
    case SyntaxKind.GetAccessor:
    case SyntaxKind.SetAccessor:
    case SyntaxKind.EnumDeclaration:
    case SyntaxKind.EnumMember:
    case SyntaxKind.InterfaceDeclaration:
    case SyntaxKind.TypeAliasDeclaration:
    case SyntaxKind.ImportSpecifier:
    case SyntaxKind.ImportClause:
    case SyntaxKind.NamespaceImport:
    case SyntaxKind.ImportEqualsDeclaration:
    case SyntaxKind.LabeledStatement:
    case SyntaxKind.BreakStatement:
    case SyntaxKind.ContinueStatement:
    case SyntaxKind.JsxAttribute:
    case SyntaxKind.ModuleDeclaration:
    case SyntaxKind.MetaProperty:
      return false;
    case SyntaxKind.ExportSpecifier: {
      const spec = p as ts.ExportSpecifier;
      return (spec.propertyName ?? spec.name) === id && !spec.parent.parent.moduleSpecifier;
    }
    default:
      return true;
  }
}

function isAssignmentOperator(k: ts.SyntaxKind): boolean {
  return k >= SyntaxKind.FirstAssignment && k <= SyntaxKind.LastAssignment;
}

/** The expression a destructuring-assignment target sits in, climbing object/array literals. */
function assignmentTargetRoot(n: ts.Node): ts.Node {
  let cur = n;
  for (;;) {
    const p = cur.parent;
    if (!p) return cur;
    if (isShorthandPropertyAssignment(p) || isSpreadElement(p) || isSpreadAssignment(p) || isArrayLiteralExpression(p) || isObjectLiteralExpression(p) || isParenthesizedExpression(p)) {
      cur = p;
    } else if (isPropertyAssignment(p) && p.initializer === cur) {
      cur = p;
    } else if (isBinaryExpression(p) && p.operatorToken.kind === SyntaxKind.EqualsToken && p.left !== cur && isObjectLiteralExpression(cur.parent ?? cur)) {
      // default value inside a pattern: `({ a = 1 } = o)` — the default is read, not written
      return cur;
    } else return cur;
  }
}

/** True when the identifier is assigned (`x = …`, `x += …`, `x++`, destructuring, `for (x of …)`). */
export function isWrite(id: ts.Identifier): boolean {
  const p = id.parent;
  if (!p) return false;
  if ((isPrefixUnaryExpression(p) || isPostfixUnaryExpression(p)) && (p.operator === SyntaxKind.PlusPlusToken || p.operator === SyntaxKind.MinusMinusToken)) return true;
  const root = assignmentTargetRoot(id);
  const rp = root.parent;
  if (!rp) return false;
  if (isBinaryExpression(rp) && isAssignmentOperator(rp.operatorToken.kind) && rp.left === root) {
    return root === id || rp.operatorToken.kind === SyntaxKind.EqualsToken;
  }
  if ((isForOfStatement(rp) || isForInStatement(rp)) && rp.initializer === root) return true;
  return false;
}

/** `x += 1`, `x++`: the name is read as well as written. */
export function isReadWrite(id: ts.Identifier): boolean {
  const p = id.parent;
  if (isPrefixUnaryExpression(p) || isPostfixUnaryExpression(p)) return true;
  return isBinaryExpression(p) && p.left === id && p.operatorToken.kind !== SyntaxKind.EqualsToken;
}
