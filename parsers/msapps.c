/* msapps.c - the names of Microsoft's first-party application ids. */
#include "config.h"

#include "msapps.h"

#include <string.h>
#include <strings.h>

struct app_name {
	const char *id;
	const char *name;
};

/* Well-known Microsoft first-party application IDs (as published in
 * Microsoft's documentation). */
static const struct app_name known_apps[] = {
	{"00000002-0000-0ff1-ce00-000000000000", "Office 365 Exchange Online"},
	{"00000003-0000-0ff1-ce00-000000000000", "Office 365 SharePoint Online"},
	{"00000003-0000-0000-c000-000000000000", "Microsoft Graph"},
	{"00000002-0000-0000-c000-000000000000", "Windows Azure Active Directory"},
	{"00000007-0000-0000-c000-000000000000", "Dataverse"},
	{"d3590ed6-52b3-4102-aeff-aad2292ab01c", "Microsoft Office"},
	{"27922004-5251-4030-b22d-91ecd9a37ea4", "Outlook Mobile"},
	{"1fec8e78-bce4-4aaf-ab1b-5451cc387264", "Microsoft Teams"},
	{"5e3ce6c0-2b1f-4285-8d4b-75ee78787346", "Microsoft Teams Web Client"},
	{"c44b4083-3bb0-49c1-b47d-974e53cbdf3c", "Azure Portal"},
	{"14d82eec-204b-4c2f-b7e8-296a70dab67e", "Microsoft Graph Command Line Tools"},
	{"04b07795-8ddb-461a-bbee-02f9e1bf7b46", "Microsoft Azure CLI"},
	{"1b730954-1685-4b74-9bfd-dac224a7b894", "Azure Active Directory PowerShell"},
	{"fb78d390-0c51-40cd-8e17-fdbfab77341b", "Microsoft Exchange REST API Based Powershell"},
	{"4345a7b9-9a63-4910-a426-35363201d503", "O365 Suite UX"},
	{"89bee1f7-5e6e-4d8a-9f3d-ecd601259da7", "Office365 Shell WCSS-Client"},
	{"de8bc8b5-d9f9-48b1-a8ad-b748da725064", "Graph Explorer"},
	{NULL, NULL},
};

const char *
ms_app_name(const char *id)
{
	for (size_t i = 0; id && known_apps[i].id; i++)
		if (strcasecmp(id, known_apps[i].id) == 0)
			return known_apps[i].name;
	return NULL;
}

