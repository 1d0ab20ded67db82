/*
 * replay: a plain main() for libFuzzer targets, so that `make check` replays
 * each target's corpus with the ordinary compiler (and under ASan+UBSan in
 * the sanitizer build).  Arguments are files or directories; with none, the
 * corpus directory compiled in as FUZZ_CORPUS_DIR is used.
 */
#include "config.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct strbuf b;
	char buf[4096];
	size_t n;

	if (!f) {
		perror(path);
		return -1;
	}
	strbuf_init(&b);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&b, buf, n);
	fclose(f);
	LLVMFuzzerTestOneInput((const uint8_t *)(b.s ? b.s : ""), b.len);
	strbuf_free(&b);
	return 0;
}

static int replay_path(const char *path, size_t *count)
{
	struct stat st;
	struct dirent **ents;
	int n, rc = 0;

	if (stat(path, &st) < 0) {
		perror(path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		(*count)++;
		return replay_file(path);
	}
	n = scandir(path, &ents, NULL, alphasort);
	if (n < 0) {
		perror(path);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		if (ents[i]->d_name[0] != '.') {
			char *p = xasprintf("%s/%s", path, ents[i]->d_name);
			if (replay_path(p, count) < 0)
				rc = -1;
			free(p);
		}
		free(ents[i]);
	}
	free(ents);
	return rc;
}

int main(int argc, char **argv)
{
	size_t count = 0;
	int rc = 0;

	if (argc < 2) {
		rc = replay_path(FUZZ_CORPUS_DIR, &count);
	} else {
		for (int i = 1; i < argc; i++)
			if (replay_path(argv[i], &count) < 0)
				rc = -1;
	}
	if (count == 0) {
		fprintf(stderr, "replay: no corpus input found\n");
		return 1;
	}
	printf("replayed %zu inputs\n", count);
	return rc < 0 ? 1 : 0;
}
