/*
 * Unit tests for lib/conf_lex: words, quotes, comments, braces, EOL
 * placement, parameters, conditionals, ~SEQ, includes (made at test time in
 * a mkdtemp() directory), error positions and the robustness bounds.
 *
 * Token streams are compared as one string: words as written (quoted words
 * in [brackets]), braces as { and }, EOL as ';', separated by spaces.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/conf_lex.h"
#include "lib/util.h"

struct run {
	struct conf_toks t;
	struct conf_errs e;
	int rc;
	char *str;  /* rendered tokens */
	char *errs; /* rendered diagnostics, one a line */
};

static char *render_toks(const struct conf_toks *t)
{
	struct strbuf b;

	strbuf_init(&b);
	strbuf_add(&b, "", 0);
	for (size_t i = 0; i < t->n; i++) {
		const struct conf_tok *k = &t->v[i];

		if (i)
			strbuf_putc(&b, ' ');
		switch (k->type) {
		case CONF_TOK_WORD:
			if (k->quoted)
				strbuf_printf(&b, "[%s]", k->text);
			else
				strbuf_puts(&b, k->text);
			break;
		case CONF_TOK_LBRACE:
			strbuf_puts(&b, "{");
			break;
		case CONF_TOK_RBRACE:
			strbuf_puts(&b, "}");
			break;
		case CONF_TOK_EOL:
			ck_assert_str_eq(k->text, "");
			strbuf_puts(&b, ";");
			break;
		}
	}
	return strbuf_steal(&b);
}

static char *render_errs(const struct conf_errs *e)
{
	struct strbuf b;

	strbuf_init(&b);
	strbuf_add(&b, "", 0);
	for (size_t i = 0; i < e->n; i++) {
		char *s = conf_diag_str(&e->v[i]);

		strbuf_printf(&b, "%s\n", s);
		free(s);
	}
	return strbuf_steal(&b);
}

static void run_finish(struct run *r)
{
	r->str = render_toks(&r->t);
	r->errs = render_errs(&r->e);
}

static void lex_id(struct run *r, const char *text, const char *id)
{
	struct conf_lex_opts o = {.config_id = id};

	conf_toks_init(&r->t);
	conf_errs_init(&r->e);
	r->rc = conf_lex_buf("t.conf", text, strlen(text), &o, &r->t, &r->e);
	run_finish(r);
}

static void lex(struct run *r, const char *text)
{
	lex_id(r, text, "main");
}

static void lex_path(struct run *r, const char *path, const char *id)
{
	struct conf_lex_opts o = {.config_id = id};

	conf_toks_init(&r->t);
	conf_errs_init(&r->e);
	r->rc = conf_lex_file(path, &o, &r->t, &r->e);
	run_finish(r);
}

static void run_free(struct run *r)
{
	conf_toks_free(&r->t);
	conf_errs_free(&r->e);
	free(r->str);
	free(r->errs);
}

/* Token i has this file, line and column. */
static void ck_loc(const struct run *r, size_t i, const char *file, int line, int col)
{
	ck_assert_uint_lt(i, r->t.n);
	ck_assert_str_eq(r->t.v[i].loc.file, file);
	ck_assert_int_eq(r->t.v[i].loc.line, line);
	ck_assert_int_eq(r->t.v[i].loc.col, col);
}

static void ck_ok(const struct run *r, const char *want)
{
	ck_assert_str_eq(r->errs, "");
	ck_assert_int_eq(r->rc, 0);
	ck_assert_str_eq(r->str, want);
}

START_TEST(test_words_braces_eol)
{
	struct run r;

	lex(&r, "vrrp_instance VI_1{\n  state MASTER\n}}\n\n   \n{x}\n");
	ck_ok(&r, "vrrp_instance VI_1 { ; state MASTER ; } } ; { x } ;");
	ck_loc(&r, 0, "t.conf", 1, 1);
	ck_loc(&r, 1, "t.conf", 1, 15);
	ck_loc(&r, 2, "t.conf", 1, 19);
	ck_loc(&r, 3, "t.conf", 1, 20); /* EOL: just past the line's last byte */
	ck_loc(&r, 4, "t.conf", 2, 3);
	ck_loc(&r, 5, "t.conf", 2, 9);
	ck_loc(&r, 6, "t.conf", 2, 15);
	ck_loc(&r, 7, "t.conf", 3, 1);
	ck_loc(&r, 8, "t.conf", 3, 2);
	ck_loc(&r, 9, "t.conf", 3, 3);
	ck_loc(&r, 10, "t.conf", 6, 1);
	ck_loc(&r, 11, "t.conf", 6, 2);
	ck_loc(&r, 12, "t.conf", 6, 3);
	run_free(&r);

	/* no final newline; tabs and CR are blanks */
	lex(&r, "a\tb\r\nc");
	ck_ok(&r, "a b ; c ;");
	ck_loc(&r, 2, "t.conf", 1, 5);
	ck_loc(&r, 4, "t.conf", 2, 2);
	run_free(&r);

	/* empty input */
	lex(&r, "");
	ck_ok(&r, "");
	ck_assert_uint_eq(r.t.n, 0);
	run_free(&r);
}
END_TEST

START_TEST(test_comments_quotes)
{
	struct run r;

	lex(&r, "a # b c\n! whole line\nd!e\nnotify \"/bin/x #1 !2\" 'y z'\n  # only\n");
	ck_ok(&r, "a ; d ; notify [/bin/x #1 !2] [y z] ;");
	ck_loc(&r, 1, "t.conf", 1, 8); /* EOL at the end of the physical line */
	ck_loc(&r, 4, "t.conf", 4, 1);
	ck_loc(&r, 5, "t.conf", 4, 8);
	ck_loc(&r, 6, "t.conf", 4, 23);
	run_free(&r);

	/* quotes join with bare text; quoted braces are words; empty quotes */
	lex(&r, "abcd\" efg h \"mnop x\"{\"y '' z'}'\n");
	ck_ok(&r, "[abcd efg h mnop] [x{y] [] [z}] ;");
	run_free(&r);

	/* brace glued after a quoted word */
	lex(&r, "\"a b\"{\n");
	ck_ok(&r, "[a b] { ;");
	ck_loc(&r, 1, "t.conf", 1, 6);
	run_free(&r);

	/* unterminated quote: error at the quote, tokens still produced */
	lex(&r, "ok\nkey \"abc # not a comment\nnext 'x\n");
	ck_assert_int_eq(r.rc, -1);
	ck_assert_str_eq(r.errs, "t.conf:2:5: unterminated double quote\n"
				 "t.conf:3:6: unterminated single quote\n");
	ck_assert_str_eq(r.str, "ok ; key [abc # not a comment] ; next [x] ;");
	run_free(&r);
}
END_TEST

START_TEST(test_error_cap)
{
	struct run r;
	struct strbuf b;

	/* at most 200 lexical errors are reported, then one line saying so */
	strbuf_init(&b);
	for (int i = 0; i < 300; i++)
		strbuf_puts(&b, "k 'unterminated\n");
	lex(&r, b.s);
	ck_assert_int_eq(r.rc, -1);
	ck_assert_uint_eq(r.e.n, 201);
	ck_assert_str_eq(r.e.v[199].msg, "unterminated single quote");
	ck_assert_int_eq(r.e.v[199].loc.line, 200);
	ck_assert_str_eq(r.e.v[200].msg,
			 "too many errors in the config text; further ones not shown");
	ck_assert_uint_eq(r.t.n, 900); /* tokens keep coming */
	run_free(&r);
	strbuf_free(&b);
}
END_TEST

START_TEST(test_nul_bytes)
{
	struct run r;
	struct conf_lex_opts o = {.config_id = "main"};
	static const char text[] = "a\0b c\nd";

	conf_toks_init(&r.t);
	conf_errs_init(&r.e);
	r.rc = conf_lex_buf("t.conf", text, sizeof(text) - 1, &o, &r.t, &r.e);
	run_finish(&r);
	ck_assert_int_eq(r.rc, -1);
	ck_assert_str_eq(r.errs, "t.conf:1:2: NUL byte in config text\n");
	ck_assert_str_eq(r.str, "a b c ; d ;");
	ck_loc(&r, 1, "t.conf", 1, 3);
	run_free(&r);
}
END_TEST

START_TEST(test_params)
{
	struct run r;

	/* simple, braced, undefined left alone, bare $X glued to text left alone */
	lex(&r, "$PRIO=150\n$IF=eth0\npriority $PRIO\ninterface ${IF}.5 $IF\n"
		"a $UNDEF ${UNDEF} $PRIO.1 ${PRIO}x\n");
	ck_ok(&r, "priority 150 ; interface eth0.5 eth0 ; a $UNDEF ${UNDEF} $PRIO.1 150x ;");
	ck_loc(&r, 1, "t.conf", 3, 10); /* the token from $PRIO points at the '$' */
	ck_loc(&r, 4, "t.conf", 4, 11);
	ck_loc(&r, 5, "t.conf", 4, 19);
	run_free(&r);

	/* substitution inside quotes; empty value; redefinition */
	lex(&r, "$D=/etc\n$E=\nscript \"${D}/x.sh arg\" a${E}b\n$D=/usr\nz ${D}\n");
	ck_ok(&r, "script [/etc/x.sh arg] ab ; z /usr ;");
	run_free(&r);

	/* recursion happens at use time */
	lex(&r, "$BASE=10.2.${SUB}\n$SUB=0\n${BASE}.100/32\n$SUB=10\n${BASE}.100/32\n");
	ck_ok(&r, "10.2.0.100/32 ; 10.2.10.100/32 ;");
	run_free(&r);

	/* ${_PWD} is the absolute directory of the file; ${_INSTANCE} the config id */
	{
		char cwd[4096], *want;

		ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
		lex(&r, "${_PWD} ${_INSTANCE}\n");
		want = xasprintf("%s main ;", cwd);
		ck_ok(&r, want);
		free(want);
		run_free(&r);
	}

	/* a value may hold braces and several words; tokens get the '$' position */
	lex(&r, "$BLK=x { y }\n  $BLK\n");
	ck_ok(&r, "x { y } ;");
	for (size_t i = 0; i < 4; i++)
		ck_loc(&r, i, "t.conf", 2, 3);
	ck_loc(&r, 4, "t.conf", 2, 7);
	run_free(&r);

	/* ${_HASH} and ${_BANG} are not comments; comments are cut before definitions */
	lex(&r, "$C=a # b\nx${_HASH}y ${_BANG} $C\n");
	ck_ok(&r, "x#y ! a ;");
	run_free(&r);

	/* `$NAME =` with a blank is not a definition */
	lex(&r, "$N =1\n");
	ck_ok(&r, "$N =1 ;");
	run_free(&r);
}
END_TEST

START_TEST(test_params_multiline)
{
	struct run r;

	lex(&r, "$INST= \\\n"
		"vrrp_instance VI_${NUM} { \\\n"
		"   @main priority 130 \\\n"
		"\n"
		"   @backup priority 120 \\\n"
		"}\n"
		"$NUM=0\n"
		"$INST\n"
		"$NUM=1\n"
		"  $INST\n");
	ck_ok(
	    &r,
	    "vrrp_instance VI_0 { ; priority 130 ; } ; vrrp_instance VI_1 { ; priority 130 ; } ;");
	/* every token of the expansion points at the '$' of its use */
	ck_loc(&r, 0, "t.conf", 8, 1);
	ck_loc(&r, 3, "t.conf", 8, 1);
	ck_loc(&r, 9, "t.conf", 10, 3);
	ck_loc(&r, 10, "t.conf", 10, 3);
	/* the last expanded line ends where the using line ends */
	ck_loc(&r, 8, "t.conf", 8, 6);
	run_free(&r);

	/* nested multi-line definitions with definitions inside the value */
	lex(&r, "$RS= \\\n"
		"rs ${V}.${R} { \\\n"
		"}\n"
		"$BLOCK= \\\n"
		"vs ${V} { \\\n"
		"  $R=1 \\\n"
		"  $RS \\\n"
		"  $R=2 \\\n"
		"  $RS \\\n"
		"}\n"
		"$V=7\n"
		"$BLOCK\n");
	ck_ok(&r, "vs 7 { ; rs 7.1 { ; } ; rs 7.2 { ; } ; } ;");
	run_free(&r);

	/* multi-line value used in the middle of a line */
	lex(&r, "$M=a \\\n b\nx $M y\n");
	ck_ok(&r, "x a ; b y ;");
	run_free(&r);

	/* a definition still pending at the end of the text is closed */
	lex(&r, "$T=p \\\nq \\\n");
	ck_ok(&r, "");
	run_free(&r);
}
END_TEST

START_TEST(test_params_recursive)
{
	struct run r;

	/* a parameter that refers to itself stops with an error */
	lex(&r, "$A=x $A\nok\n$A\nafter\n");
	ck_assert_int_eq(r.rc, -1);
	ck_assert(strstr(r.errs, "t.conf:3:1: parameter expansion nested more than") != NULL);
	ck_assert(strncmp(r.str, "ok ; ", 5) == 0);
	ck_assert(strstr(r.str, "after ;") != NULL);
	run_free(&r);

	/* exponential growth is bounded by the line length */
	lex(&r, "$B=${B}${B}\n${B}\nafter\n");
	ck_assert_int_eq(r.rc, -1);
	ck_assert(strstr(r.errs, "t.conf:2:1: ") != NULL);
	ck_assert_str_eq(r.str, "after ;");
	run_free(&r);
}
END_TEST

START_TEST(test_conditional)
{
	struct run r;
	const char *text = "@main router_id m\n"
			   "@backup router_id b\n"
			   "@^main peer 1\n"
			   "@^backup peer 2\n"
			   "  @main   indented x\n"
			   "@main $P=240\n"
			   "@backup $P=200\n"
			   "priority $P\n"
			   "$IF_MAIN=@main\n"
			   "$IF_MAIN only_main\n";

	lex_id(&r, text, "main");
	ck_ok(&r, "router_id m ; peer 2 ; indented x ; priority 240 ; only_main ;");
	ck_loc(&r, 0, "t.conf", 1, 7);
	ck_loc(&r, 3, "t.conf", 4, 10);
	ck_loc(&r, 6, "t.conf", 5, 11);
	run_free(&r);

	lex_id(&r, text, "backup");
	ck_ok(&r, "router_id b ; peer 1 ; priority 200 ;");
	run_free(&r);

	lex_id(&r, text, "other");
	ck_ok(&r, "peer 1 ; peer 2 ; priority $P ;");
	run_free(&r);

	/* NULL config id: the short host name */
	char host[256], *dot;
	struct conf_lex_opts o = {.config_id = NULL};
	char *t;

	ck_assert_int_eq(gethostname(host, sizeof(host) - 1), 0);
	host[sizeof(host) - 1] = '\0';
	if ((dot = strchr(host, '.')))
		*dot = '\0';
	t = xasprintf("@%s yes\n@^%s no\n", host, host);
	conf_toks_init(&r.t);
	conf_errs_init(&r.e);
	r.rc = conf_lex_buf("t.conf", t, strlen(t), &o, &r.t, &r.e);
	run_finish(&r);
	ck_ok(&r, "yes ;");
	run_free(&r);
	free(t);

	lex(&r, "@ x\n");
	ck_assert_int_eq(r.rc, -1);
	ck_assert_str_eq(r.errs, "t.conf:1:1: missing config id after '@'\n");
	run_free(&r);
}
END_TEST

START_TEST(test_seq)
{
	struct run r;

	lex(&r, "~SEQ(SUBNET, 0, 3) ip 10.0.${SUBNET}.1\n");
	ck_ok(&r, "ip 10.0.0.1 ; ip 10.0.1.1 ; ip 10.0.2.1 ; ip 10.0.3.1 ;");
	ck_loc(&r, 0, "t.conf", 1, 20);
	ck_loc(&r, 1, "t.conf", 1, 23);
	ck_loc(&r, 2, "t.conf", 1, 39);
	run_free(&r);

	/* step; end not reached exactly */
	lex(&r, "~SEQ(i, 1, 3, 8) $i\n");
	ck_ok(&r, "1 ; 4 ; 7 ;");
	run_free(&r);

	/* short forms */
	lex(&r, "~SEQ(i, 3) $i.x a$i ${i}\n~SEQ(i,-2) ${i}\n~SEQ(i, 5, 3) ${i}\n");
	ck_ok(&r, "$i.x a1 1 ; $i.x a2 2 ; $i.x a3 3 ; -1 ; -2 ; 5 ; 4 ; 3 ;");
	run_free(&r);

	/* negative step; wrong direction gives nothing */
	lex(&r, "~SEQ(i, 10, -4, 0) ${i}\n~SEQ(i, 0, -1, 5) never\n");
	ck_ok(&r, "10 ; 6 ; 2 ;");
	run_free(&r);

	/* hex, nested */
	lex(&r, "~SEQx(S, 0x90, 0x10, 0xb0) ~SEQ(n, 1, 2) fe80::${S}:${n}\n");
	ck_ok(&r, "fe80::90:1 ; fe80::90:2 ; fe80::a0:1 ; fe80::a0:2 ; fe80::b0:1 ; fe80::b0:2 ;");
	run_free(&r);

	/* with a multi-line parameter */
	lex(&r, "$B= \\\nb ${N} { \\\n}\n~SEQ(N, 2) $B\n");
	ck_ok(&r, "b 1 { ; } ; b 2 { ; } ;");
	run_free(&r);

	/* the variable does not survive the block */
	lex(&r, "~SEQ(k, 1) x\n$k\n$k=5\n~SEQ(k, 2, 2) ${k}\n$k\n");
	ck_ok(&r, "x ; $k ; 2 ; 5 ;");
	run_free(&r);

	/* errors */
	lex(&r, "~SEQ(i, 0, 100000) x\n"
		"  ~SEQ(i, 1, 0, 5) x\n"
		"~SEQ(i) x\n"
		"~SEQ(1i, 3) x\n"
		"~SEQ(i, 1, zz) x\n"
		"~SEQ(i, 3 x\n"
		"~SEQ(i, 1, 2, 3, 4) x\n"
		"ok\n");
	ck_assert_int_eq(r.rc, -1);
	ck_assert_str_eq(r.errs,
			 "t.conf:1:1: ~SEQ repeats the line 100001 times (limit 100000)\n"
			 "t.conf:2:3: ~SEQ: step must not be 0\n"
			 "t.conf:3:1: malformed ~SEQ: expected ~SEQ(var, [start,] [step,] end)\n"
			 "t.conf:4:1: ~SEQ: bad variable name\n"
			 "t.conf:5:12: ~SEQ: bad number 'zz'\n"
			 "t.conf:6:1: malformed ~SEQ: expected ~SEQ(var, [start,] [step,] end)\n"
			 "t.conf:7:1: malformed ~SEQ: expected ~SEQ(var, [start,] [step,] end)\n");
	ck_assert_str_eq(r.str, "ok ;");
	run_free(&r);

	/* 100000 iterations are allowed */
	lex(&r, "~SEQ(i, 1, 100000) x\n");
	ck_assert_int_eq(r.rc, 0);
	ck_assert_uint_eq(r.t.n, 200000);
	run_free(&r);

	/* nested repetition is bounded by the total work */
	lex(&r, "~SEQ(a, 100000) ~SEQ(b, 100000) ~SEQ(c, 100000) x\nafter\n");
	ck_assert_int_eq(r.rc, -1);
	ck_assert(strstr(r.errs, "t.conf:1:") != NULL);
	ck_assert(strstr(r.errs, "more than 16 MiB") != NULL);
	ck_assert(strstr(r.str, "after ;") != NULL);
	run_free(&r);
}
END_TEST

/* ---- includes, in a temporary directory ---- */

static char tmpdir[64];

static void write_file(const char *rel, const char *text)
{
	char *p = xasprintf("%s/%s", tmpdir, rel);
	FILE *f = fopen(p, "w");

	ck_assert_msg(f != NULL, "cannot create %s: %s", p, strerror(errno));
	ck_assert_int_eq(fputs(text, f) >= 0, 1);
	ck_assert_int_eq(fclose(f), 0);
	free(p);
}

static char *tpath(const char *rel)
{
	return xasprintf("%s/%s", tmpdir, rel);
}

static void mk_tmpdir(void)
{
	util_strlcpy(tmpdir, "/tmp/vigil-lex-XXXXXX", sizeof(tmpdir));
	ck_assert_msg(mkdtemp(tmpdir) != NULL, "mkdtemp: %s", strerror(errno));
}

static void rm_tmpdir(void)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);

	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
}

START_TEST(test_include)
{
	struct run r;
	char *top, *sub, *a, *b, *inc;

	mk_tmpdir();
	char *d = tpath("conf.d");
	ck_assert_int_eq(mkdir(d, 0755), 0);
	free(d);
	write_file("top.conf", "first\n"
			       "$P=param\n"
			       "include conf.d/*.conf\n"
			       "last $Q\n");
	write_file("conf.d/b.conf", "bee $P\n$Q=fromb\n");
	write_file("conf.d/a.conf", "  ay {\n  include ../inc/x.inc\n}\n");
	d = tpath("inc");
	ck_assert_int_eq(mkdir(d, 0755), 0);
	free(d);
	write_file("inc/x.inc", "\n  deep \"q\"\n");
	top = tpath("top.conf");
	sub = tpath("conf.d");
	a = tpath("conf.d/a.conf");
	b = tpath("conf.d/b.conf");
	inc = tpath("conf.d/../inc/x.inc");
	lex_path(&r, top, "main");
	ck_ok(&r, "first ; ay { ; deep [q] ; } ; bee param ; last fromb ;");
	ck_loc(&r, 0, top, 1, 1);
	ck_loc(&r, 2, a, 1, 3);
	ck_loc(&r, 3, a, 1, 6);
	ck_loc(&r, 4, a, 1, 7);
	ck_loc(&r, 5, inc, 2, 3);
	ck_loc(&r, 6, inc, 2, 8);
	ck_loc(&r, 7, inc, 2, 11);
	ck_loc(&r, 8, a, 3, 1);
	ck_loc(&r, 10, b, 1, 1);
	ck_loc(&r, 13, top, 4, 1);
	ck_assert_uint_eq(r.t.nfiles, 4);

	/* take the file names: locations stay valid after the tokens are freed */
	size_t nf;
	char **files = conf_toks_take_files(&r.t, &nf);
	struct conf_loc keep = r.t.v[5].loc;

	ck_assert_uint_eq(nf, 4);
	ck_assert_ptr_null(r.t.files);
	run_free(&r);
	ck_assert_str_eq(keep.file, inc);
	for (size_t i = 0; i < nf; i++)
		free(files[i]);
	free(files);
	free(top);
	free(sub);
	free(a);
	free(b);
	free(inc);
	rm_tmpdir();
}
END_TEST

START_TEST(test_include_errors)
{
	struct run r;
	char *top, *a, *want;

	mk_tmpdir();
	/* a glob matching nothing: error at the include line of the included file */
	write_file("top.conf", "x\ninclude a.conf\ny\n");
	write_file("a.conf", "in_a\n   include 'none/*.conf'\nincluder none/*.conf\nafter\n");
	top = tpath("top.conf");
	a = tpath("a.conf");
	lex_path(&r, top, "main");
	ck_assert_int_eq(r.rc, -1);
	want = xasprintf("%s:2:4: include 'none/*.conf' matches no file\n", a);
	ck_assert_str_eq(r.errs, want);
	free(want);
	ck_assert_str_eq(r.str, "x ; in_a ; after ; y ;");
	run_free(&r);

	/* a cycle through two files, and a file including itself */
	write_file("top.conf", "include a.conf\n");
	write_file("a.conf", "a1\ninclude b.conf\na2\n");
	write_file("b.conf", "b1\n include a.conf\ninclude b.conf\n");
	lex_path(&r, top, "main");
	ck_assert_int_eq(r.rc, -1);
	{
		char *b = tpath("b.conf");

		want = xasprintf("%s:2:2: include cycle: %s -> %s -> %s\n"
				 "%s:3:1: include cycle: %s -> %s\n",
				 b, a, b, a, b, b, b);
		ck_assert_str_eq(r.errs, want);
		free(want);
		free(b);
	}
	ck_assert_str_eq(r.str, "a1 ; b1 ; a2 ;");
	run_free(&r);

	/* an unreadable file (a directory): strerror */
	char *d = tpath("dir.conf");
	ck_assert_int_eq(mkdir(d, 0755), 0);
	write_file("top.conf", "include *.conf\n");
	write_file("a.conf", "a\n");
	write_file("b.conf", "b\n");
	lex_path(&r, top, "main");
	ck_assert_int_eq(r.rc, -1);
	want = xasprintf("%s:1:1: cannot read included file '%s': %s\n"
			 "%s:1:1: include cycle: %s -> %s\n",
			 top, d, strerror(EISDIR), top, top, top);
	ck_assert_str_eq(r.errs, want);
	free(want);
	ck_assert_str_eq(r.str, "a ; b ;");
	run_free(&r);
	free(d);

	/* include is not taken from a substitution or a ~SEQ line */
	write_file("top.conf",
		   "$I=include a.conf\n$I\n~SEQ(n, 2) include b.conf\n@main include a.conf\n");
	lex_path(&r, top, "main");
	want = xasprintf("%s:2:1: include cannot come from a parameter or a ~SEQ line\n"
			 "%s:3:12: include cannot come from a parameter or a ~SEQ line\n"
			 "%s:3:12: include cannot come from a parameter or a ~SEQ line\n",
			 top, top, top);
	ck_assert_str_eq(r.errs, want);
	ck_assert_str_eq(r.str, "a ;");
	free(want);
	run_free(&r);

	/* a FIFO is refused without blocking */
	char *fifo = tpath("pipe.in");
	ck_assert_int_eq(mkfifo(fifo, 0644), 0);
	write_file("top.conf", "x\n include pipe.in\n");
	lex_path(&r, top, "main");
	want = xasprintf("%s:2:2: cannot read included file '%s': not a regular file\n", top, fifo);
	ck_assert_str_eq(r.errs, want);
	ck_assert_str_eq(r.str, "x ;");
	free(want);
	run_free(&r);
	free(fifo);

	/* include with no argument or several */
	write_file("top.conf", "include\ninclude a.conf b.conf\n");
	lex_path(&r, top, "main");
	want = xasprintf("%s:1:1: include needs exactly one file name or pattern\n"
			 "%s:2:1: include needs exactly one file name or pattern\n",
			 top, top);
	ck_assert_str_eq(r.errs, want);
	free(want);
	run_free(&r);

	/* include depth is bounded: a chain of 40 files */
	for (int i = 0; i < 40; i++) {
		char name[32], text[64];

		ck_assert_int_ge(util_snprintf(name, sizeof(name), "c%d.inc", i), 0);
		ck_assert_int_ge(
		    util_snprintf(text, sizeof(text), "f%d\ninclude c%d.inc\n", i, i + 1), 0);
		write_file(name, text);
	}
	char *c0 = tpath("c0.inc");
	lex_path(&r, c0, "main");
	ck_assert_int_eq(r.rc, -1);
	ck_assert(strstr(r.errs, "includes nested more than 32 deep") != NULL);
	ck_assert(strstr(r.str, "f31 ;") != NULL);
	ck_assert(strstr(r.str, "f33") == NULL);
	run_free(&r);
	free(c0);

	/* the number of files read is bounded: each level includes the next twice */
	for (int i = 0; i < 16; i++) {
		char name[32], text[96];

		ck_assert_int_ge(util_snprintf(name, sizeof(name), "d%d.inc", i), 0);
		ck_assert_int_ge(util_snprintf(text, sizeof(text),
					       "include d%d.inc\ninclude d%d.inc\n", i + 1, i + 1),
				 0);
		write_file(name, i == 15 ? "leaf\n" : text);
	}
	char *d0 = tpath("d0.inc");
	lex_path(&r, d0, "main");
	ck_assert_int_eq(r.rc, -1);
	ck_assert(strstr(r.errs, "more than 10000 files read") != NULL);
	ck_assert_uint_eq(r.e.n, 1);
	/* 10000 files in depth-first order: 4996 of them are leaves */
	ck_assert_uint_eq(r.t.n, 2 * 4996);
	run_free(&r);
	free(d0);

	/* top-level file that cannot be opened */
	char *missing = tpath("missing.conf");
	lex_path(&r, missing, "main");
	ck_assert_int_eq(r.rc, -1);
	ck_assert_uint_eq(r.e.n, 1);
	ck_assert_str_eq(r.e.v[0].loc.file, missing);
	ck_assert_int_eq(r.e.v[0].loc.line, 0);
	ck_assert_int_eq(r.e.v[0].loc.col, 0);
	ck_assert(strstr(r.e.v[0].msg, strerror(ENOENT)) != NULL);
	run_free(&r);
	free(missing);

	free(top);
	free(a);
	rm_tmpdir();
}
END_TEST

START_TEST(test_include_buf_relative)
{
	struct run r;
	struct conf_lex_opts o = {.config_id = "main"};
	char *name, *inc, *text;

	mk_tmpdir();
	write_file("part.conf", "from_part ${_PWD}\n");
	name = tpath("mem.conf");
	inc = tpath("part.conf");
	text = xasprintf("include part.conf\ninclude %s\n", inc);
	conf_toks_init(&r.t);
	conf_errs_init(&r.e);
	r.rc = conf_lex_buf(name, text, strlen(text), &o, &r.t, &r.e);
	run_finish(&r);
	char *want = xasprintf("from_part %s ; from_part %s ;", tmpdir, tmpdir);
	ck_ok(&r, want);
	ck_loc(&r, 0, inc, 1, 1);
	free(want);
	run_free(&r);
	free(text);
	free(name);
	free(inc);
	rm_tmpdir();
}
END_TEST

static Suite *lex_suite(void)
{
	Suite *s = suite_create("conf_lex");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_words_braces_eol);
	tcase_add_test(tc, test_comments_quotes);
	tcase_add_test(tc, test_nul_bytes);
	tcase_add_test(tc, test_error_cap);
	tcase_add_test(tc, test_params);
	tcase_add_test(tc, test_params_multiline);
	tcase_add_test(tc, test_params_recursive);
	tcase_add_test(tc, test_conditional);
	tcase_add_test(tc, test_seq);
	tcase_add_test(tc, test_include);
	tcase_add_test(tc, test_include_errors);
	tcase_add_test(tc, test_include_buf_relative);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(lex_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
