/** How an identifier is used: as a value (a reference) or not, and whether it is assigned. Syntax only. */
import { ts } from "ts-morph";

/** True when the identifier names a value (not a property name, label or declaration name). */
export function isReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (!p) return false;
  switch (p.kind) {
    case ts.SyntaxKind.PropertyAccessExpression:
      return (p as ts.PropertyAccessExpression).expression === id;
    case ts.SyntaxKind.QualifiedName:
      return (p as ts.QualifiedName).left === id;
    case ts.SyntaxKind.PropertyAssignment:
      return (p as ts.PropertyAssignment).initializer === id;
    case ts.SyntaxKind.BindingElement:
      return (p as ts.BindingElement).initializer === id;
    case ts.SyntaxKind.VariableDeclaration:
    case ts.SyntaxKind.Parameter:
    case ts.SyntaxKind.PropertyDeclaration:
    case ts.SyntaxKind.PropertySignature:
      return (p as ts.VariableDeclaration).initializer === id;
    case ts.SyntaxKind.FunctionDeclaration:
    case ts.SyntaxKind.FunctionExpression:
    case ts.SyntaxKind.ClassDeclaration:
    case ts.SyntaxKind.ClassExpression:
    case ts.SyntaxKind.MethodDeclaration:
    case ts.SyntaxKind.MethodSignature:
    case ts.SyntaxKind.GetAccessor:
    case ts.SyntaxKind.SetAccessor:
    case ts.SyntaxKind.EnumDeclaration:
    case ts.SyntaxKind.EnumMember:
    case ts.SyntaxKind.InterfaceDeclaration:
    case ts.SyntaxKind.TypeAliasDeclaration:
    case ts.SyntaxKind.ImportSpecifier:
    case ts.SyntaxKind.ImportClause:
    case ts.SyntaxKind.NamespaceImport:
    case ts.SyntaxKind.ImportEqualsDeclaration:
    case ts.SyntaxKind.LabeledStatement:
    case ts.SyntaxKind.BreakStatement:
    case ts.SyntaxKind.ContinueStatement:
    case ts.SyntaxKind.JsxAttribute:
    case ts.SyntaxKind.ModuleDeclaration:
    case ts.SyntaxKind.MetaProperty:
      return false;
    case ts.SyntaxKind.ExportSpecifier: {
      const spec = p as ts.ExportSpecifier;
      return (spec.propertyName ?? spec.name) === id && !spec.parent.parent.moduleSpecifier;
    }
    default:
      return true;
  }
}

function isAssignmentOperator(k: ts.SyntaxKind): boolean {
  return k >= ts.SyntaxKind.FirstAssignment && k <= ts.SyntaxKind.LastAssignment;
}

/** The expression a destructuring-assignment target sits in, climbing object/array literals. */
function assignmentTargetRoot(n: ts.Node): ts.Node {
  let cur = n;
  for (;;) {
    const p = cur.parent;
    if (!p) return cur;
    if (ts.isShorthandPropertyAssignment(p) || ts.isSpreadElement(p) || ts.isSpreadAssignment(p) || ts.isArrayLiteralExpression(p) || ts.isObjectLiteralExpression(p) || ts.isParenthesizedExpression(p)) {
      cur = p;
    } else if (ts.isPropertyAssignment(p) && p.initializer === cur) {
      cur = p;
    } else if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && p.left !== cur && ts.isObjectLiteralExpression(cur.parent ?? cur)) {
      // default value inside a pattern: `({ a = 1 } = o)` — the default is read, not written
      return cur;
    } else return cur;
  }
}

/** True when the identifier is assigned (`x = …`, `x += …`, `x++`, destructuring, `for (x of …)`). */
export function isWrite(id: ts.Identifier): boolean {
  const p = id.parent;
  if (!p) return false;
  if ((ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) && (p.operator === ts.SyntaxKind.PlusPlusToken || p.operator === ts.SyntaxKind.MinusMinusToken)) return true;
  const root = assignmentTargetRoot(id);
  const rp = root.parent;
  if (!rp) return false;
  if (ts.isBinaryExpression(rp) && isAssignmentOperator(rp.operatorToken.kind) && rp.left === root) {
    return root === id || rp.operatorToken.kind === ts.SyntaxKind.EqualsToken;
  }
  if ((ts.isForOfStatement(rp) || ts.isForInStatement(rp)) && rp.initializer === root) return true;
  return false;
}

/** `x += 1`, `x++`: the name is read as well as written. */
export function isReadWrite(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) return true;
  return ts.isBinaryExpression(p) && p.left === id && p.operatorToken.kind !== ts.SyntaxKind.EqualsToken;
}
