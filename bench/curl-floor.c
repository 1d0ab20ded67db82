/*
 * curl-floor: the memory a process pays for libcurl alone, loaded the way
 * vigild-checker loads it (dlopen() of libcurl.so.4 by the first HTTP
 * check) and then doing one HTTP transfer through the multi interface.
 * Prints VmRSS / RssAnon / RssFile after each step.  bench/curl-floor.sh
 * builds and runs it; the figure is the floor under any HTTP_GET checker
 * that uses libcurl (issue 5's memory target is compared against it in
 * bench/README.md, "Checker load").
 */
#include <curl/curl.h>
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

static void show(const char *step)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long rss = -1, anon = -1, file = -1;

	if (!f)
		return;
	while (fgets(line, sizeof line, f)) {
		sscanf(line, "VmRSS: %ld", &rss);
		sscanf(line, "RssAnon: %ld", &anon);
		sscanf(line, "RssFile: %ld", &file);
	}
	fclose(f);
	printf("%-10s VmRSS %6ld kB  anon %6ld kB  file %6ld kB\n", step, rss, anon, file);
}

static size_t sink(char *p, size_t sz, size_t n, void *u)
{
	(void)p;
	(void)u;
	return sz * n;
}

#define SYM(name) ((__typeof__(&name))dlsym(lib, #name))

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: curl-floor URL\n");
		return 2;
	}
	show("start");
	void *lib = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		fprintf(stderr, "curl-floor: %s\n", dlerror());
		return 1;
	}
	show("dlopen");
	if (SYM(curl_global_init)(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return 1;
	show("init");
	CURLM *m = SYM(curl_multi_init)();
	CURL *e = SYM(curl_easy_init)();
	CURLMcode (*perform)(CURLM *, int *) = SYM(curl_multi_perform);
	CURLMcode (*poll)(CURLM *, struct curl_waitfd *, unsigned, int, int *) =
	    SYM(curl_multi_poll);
	SYM(curl_easy_setopt)(e, CURLOPT_URL, argv[1]);
	SYM(curl_easy_setopt)(e, CURLOPT_WRITEFUNCTION, sink);
	SYM(curl_multi_add_handle)(m, e);
	for (int running = 1; running;) {
		perform(m, &running);
		if (running)
			poll(m, NULL, 0, 100, NULL);
	}
	int left;
	CURLMsg *msg = SYM(curl_multi_info_read)(m, &left);
	long code = 0;
	SYM(curl_easy_getinfo)(e, CURLINFO_RESPONSE_CODE, &code);
	show("transfer");
	if (!msg || msg->data.result != CURLE_OK || code != 200) {
		fprintf(stderr, "curl-floor: transfer failed (HTTP %ld)\n", code);
		return 1;
	}
	return 0;
}
