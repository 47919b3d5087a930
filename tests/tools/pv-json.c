// SPDX-License-Identifier: GPL-2.0
/*
 * pv-json: a strict JSON checker for the test initramfs (which has no jq).
 * Reads one JSON document per line of stdin (or the whole input with
 * --whole) and prints every scalar as "PATH=VALUE", e.g. "[0].name=web",
 * so that shell tests can grep. Exit 1, with the position, on invalid
 * JSON.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *p, *start;
static char path[1024];

static void fail(const char *what)
{
	fprintf(stderr, "pv-json: %s at offset %ld\n", what, (long)(p - start));
	exit(1);
}

static void ws(void)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
}

/* A string into @out (escapes decoded for \" \\ \/ \n \t, others kept). */
static void string(char *out, size_t cap)
{
	size_t n = 0;

	if (*p != '"')
		fail("expected a string");
	p++;
	while (*p != '"') {
		char c = *p++;

		if (!c || (unsigned char)c < 0x20)
			fail("unterminated string or control character");
		if (c == '\\') {
			c = *p++;
			if (!c)
				fail("unterminated escape");
			if (c == 'u') {
				int i;

				for (i = 0; i < 4; i++)
					if (!isxdigit((unsigned char)*p++))
						fail("bad \\u escape");
				c = '?';
			} else if (c == 'n') {
				c = '\n';
			} else if (c == 't') {
				c = '\t';
			} else if (!strchr("\"\\/bfr", c)) {
				fail("bad escape");
			}
		}
		if (n + 1 < cap)
			out[n++] = c;
	}
	p++;
	out[n] = 0;
}

static void value(void);

static void print_scalar(const char *v)
{
	printf("%s=%s\n", path, v);
}

static void object(void)
{
	size_t len = strlen(path);
	char key[256];

	p++;
	ws();
	if (*p == '}') {
		p++;
		return;
	}
	for (;;) {
		ws();
		string(key, sizeof(key));
		snprintf(path + len, sizeof(path) - len, "%s%s", len ? "." : "", key);
		ws();
		if (*p != ':')
			fail("expected ':'");
		p++;
		value();
		path[len] = 0;
		ws();
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p != '}')
			fail("expected ',' or '}'");
		p++;
		return;
	}
}

static void array(void)
{
	size_t len = strlen(path);
	int i = 0;

	p++;
	ws();
	if (*p == ']') {
		p++;
		return;
	}
	for (;; i++) {
		snprintf(path + len, sizeof(path) - len, "[%d]", i);
		value();
		path[len] = 0;
		ws();
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p != ']')
			fail("expected ',' or ']'");
		p++;
		return;
	}
}

static void value(void)
{
	char buf[4096];
	const char *q;

	ws();
	if (*p == '{') {
		object();
	} else if (*p == '[') {
		array();
	} else if (*p == '"') {
		string(buf, sizeof(buf));
		print_scalar(buf);
	} else if (!strncmp(p, "true", 4) || !strncmp(p, "null", 4)) {
		snprintf(buf, 5, "%s", p);
		p += 4;
		print_scalar(buf);
	} else if (!strncmp(p, "false", 5)) {
		p += 5;
		print_scalar("false");
	} else if (*p == '-' || isdigit((unsigned char)*p)) {
		q = p;
		if (*p == '-')
			p++;
		if (!isdigit((unsigned char)*p))
			fail("bad number");
		if (*p == '0' && isdigit((unsigned char)p[1]))
			fail("leading zero");
		while (isdigit((unsigned char)*p) || (*p && strchr(".eE+-", *p)))
			p++;
		snprintf(buf, sizeof(buf), "%.*s", (int)(p - q), q);
		print_scalar(buf);
	} else {
		fail("expected a value");
	}
}

static void document(const char *text)
{
	start = p = text;
	path[0] = 0;
	value();
	ws();
	if (*p)
		fail("trailing characters");
}

int main(int argc, char **argv)
{
	static char buf[1 << 20];
	size_t n = fread(buf, 1, sizeof(buf) - 1, stdin);
	char *line, *save;

	buf[n] = 0;
	if (argc > 1 && !strcmp(argv[1], "--whole")) {
		document(buf);
		return 0;
	}
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		document(line);
	return 0;
}
