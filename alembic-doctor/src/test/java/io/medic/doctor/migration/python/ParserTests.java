package io.medic.doctor.migration.python;

import io.medic.doctor.migration.python.Ast.Assign;
import io.medic.doctor.migration.python.Ast.Block;
import io.medic.doctor.migration.python.Ast.Call;
import io.medic.doctor.migration.python.Ast.ExprStmt;
import io.medic.doctor.migration.python.Ast.FunctionDef;
import io.medic.doctor.migration.python.Ast.Module;
import io.medic.doctor.migration.python.Ast.Str;
import io.medic.doctor.migration.python.Ast.With;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParserTests {

    private static void refuses(String source, int line, String message) {
        assertThatThrownBy(() -> Parser.parse(source))
                .as(source)
                .isInstanceOf(PythonSyntaxError.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((PythonSyntaxError) e).line()).isEqualTo(line));
    }

    @Test
    void parsesModernPythonEverywhere() {
        Module m = Parser.parse("""
                from __future__ import annotations
                from . import sibling
                from ..pkg.mod import (a as b, c,)
                import os.path, sys as system
                type Alias[T] = list[T]
                x: dict[str, int | None] = {"a": 1, **other}
                y = [i * 2 for i in range(10) if i % 2 if i > 3]
                z = {k: v for k, v in items.items()}
                s = {*a, *b}
                g = (n async for n in aiter() if await n)
                t = 1, *rest, 3
                a, *b = c = d = f(x, *args, key=lambda q, /, *r, k=1, **kw: q, **kwargs)
                a += 1; b **= 2; c @= m
                v = a if b else c if d else e
                w = not a or b and c is not d and e not in f
                u = -~+x ** -y
                idx = m[1:2, ::3, ..., :]
                if (n := len(a)) > 10: pass
                print(*args, sep="", end="")
                lst = [
                    1,
                    2,
                ]


                @decorator(with_args=True)
                @another.one
                async def coroutine[T](a: int, b: str = "x", *args: T, c, d=lambda: 0, **kw) -> Awaitable[None]:
                    async with lock as l, other:
                        await something()
                    async for i in stream():
                        yield i
                    return await x


                class Model[T](Base, metaclass=Meta):
                    field: int = 0

                    def method(self):
                        nonlocal_thing = 1
                        try:
                            pass
                        except (TypeError, ValueError) as e:
                            raise
                        except* KeyError:
                            pass
                        else:
                            pass
                        finally:
                            del self.field


                with (open("a") as fa, open("b") as fb):
                    pass
                with (a, b):
                    pass
                match command.split():
                    case [action]:
                        pass
                    case [action, obj] if obj != "x":
                        pass
                    case Point(x=0, y=0) | {"k": _, **rest}:
                        pass
                    case _:
                        pass
                match = 1
                match(x)
                type = 5
                print(f"{x!r:>{width}} {'nested' + "quotes"}")
                """);
        assertThat(m.body()).hasSize(31);
        assertThat(m.body().get(22)).isInstanceOf(FunctionDef.class);
        assertThat(((FunctionDef) m.body().get(22)).body()).hasSize(3);
        assertThat(m.body().get(24)).isInstanceOf(With.class);
        assertThat(((With) m.body().get(24)).items()).hasSize(2);
        // as in CPython 3.9+: two context managers, not one tuple
        assertThat(((With) m.body().get(25)).items()).hasSize(2);
        assertThat(m.body().get(26)).isInstanceOf(Block.class);
        assertThat(((Block) m.body().get(26)).bodies()).hasSize(4);
        assertThat(m.body().get(27)).isInstanceOf(Assign.class);
        assertThat(m.body().get(28)).isInstanceOf(ExprStmt.class);
    }

    @Test
    void callsKeepTheirArgumentsAndLines() {
        Module m = Parser.parse("op.create_table(\n    'players',\n    sa.Column('id', sa.Integer()),\n    schema='s',\n)\n");
        Call call = (Call) ((ExprStmt) m.body().get(0)).value();
        assertThat(call.line()).isEqualTo(1);
        assertThat(call.args()).hasSize(3);
        assertThat(((Str) call.args().get(0).value()).value()).isEqualTo("players");
        assertThat(call.args().get(1).value().line()).isEqualTo(3);
        assertThat(call.args().get(2).keyword()).isEqualTo("schema");
    }

    @Test
    void everyFunctionBodyIsParsed() {
        Module m = Parser.parse("def upgrade():\n    op.drop_table('a')\n\ndef downgrade():\n    op.add_column(\n        't', x)\n");
        assertThat(((FunctionDef) m.body().get(0)).body()).hasSize(1);
        assertThat(((FunctionDef) m.body().get(1)).body()).hasSize(1);
        refuses("def upgrade():\n    pass\n\ndef downgrade():\n    x = = 1\n", 5, "invalid syntax");
    }

    @Test
    void syntaxErrorsCarryTheirLine() {
        refuses("x = 1\ny = = 2\n", 2, "invalid syntax");
        refuses("def f():\nreturn 1\n", 2, "expected an indented block after 'def' statement on line 1");
        refuses("x = 1\n    y = 2\n", 2, "unexpected indent");
        refuses("if x\n    pass\n", 1, "expected ':'");
        refuses("x = 1\nprint 'hello'\n", 2, "invalid syntax");
        refuses("x = b'a' 'b'\n", 1, "cannot mix bytes and nonbytes literals");
        refuses("try:\n    pass\nx = 1\n", 3, "expected 'except' or 'finally' block");
        refuses("x = " + "-".repeat(450) + "1\n", 1, "too many nested expressions");
        refuses("x = " + "not ".repeat(450) + "1\n", 1, "too many nested expressions");
        refuses("x = " + "lambda: ".repeat(450) + "1\n", 1, "too many nested expressions");
        refuses("x = a" + ".b".repeat(600) + "\n", 1, "expression too long");
        refuses("x = " + "1 + ".repeat(3000) + "1\n", 1, "expression too long for Python's compiler");
    }

    @Test
    void longFlatChainsDoNotCountAsNesting() {
        Parser.parse("x = " + "1 + ".repeat(2800) + "1\n");
        Parser.parse("x = " + "'a' ".repeat(5000) + "\n");
        Parser.parse("x = [" + "1, ".repeat(5000) + "]\n");
        Parser.parse("x = a == b == c" + " and d".repeat(3000) + "\n");
    }
}
