/* ceiling.c - the reading ceiling `make bench` prints beside triage:
 * every line of an NDJSON file parsed with cJSON and freed, on one core,
 * nothing else (no scanning for record boundaries, no normalising, no
 * store).  triage cannot read a record faster than cJSON parses it.
 *
 * usage: ceiling FILE.ndjson   prints "records seconds" */
#include "config.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: ceiling FILE.ndjson\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "r");
	if (f == NULL) {
		perror(argv[1]);
		return 1;
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	unsigned long records = 0, bad = 0;
	while ((n = getline(&line, &cap, f)) > 0) {
		cJSON *o = cJSON_ParseWithLength(line, (size_t)n);
		if (o)
			records++;
		else
			bad++;
		cJSON_Delete(o);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	free(line);
	fclose(f);
	printf("%lu %.3f\n", records, (double)(t1.tv_sec - t0.tv_sec) +
	       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	return bad ? 1 : 0;
}
