#!/usr/bin/env python3
"""Prints the settings document of the local run's demo tenant: settings/tenant.example.json wired to the sandbox's
first tenant (its Planfix account, tokens and UIS key), so the workers talk to the sandbox.
usage: scripts/demo-tenant.py SANDBOX_URL [SANDBOX_TENANTS_FILE]"""
import json
import sys

sandbox = sys.argv[1].rstrip("/")
tenants = json.load(open(sys.argv[2] if len(sys.argv) > 2 else "sandbox/tenants.example.json"))["tenants"][0]
settings = json.load(open("settings/tenant.example.json"))
c = settings["connection"]
c["planfix_rest_url"] = f"{sandbox}/planfix/{tenants['planfix']['account']}/rest/"
c["planfix_rest_token"] = tenants["planfix"]["token"]
c["planfix_telephony_url"] = f"{sandbox}/planfix/{tenants['planfix']['account']}/tel/api"
c["planfix_telephony_token"] = tenants["planfix"]["telephonyToken"]
c["uis_data_api_url"] = f"{sandbox}/uis/dataapi/v2.0"
c["uis_call_api_url"] = f"{sandbox}/uis/callapi/v4.0"
c["uis_data_api_token"] = tenants["uis"]["accessToken"]
c["uis_call_api_token"] = tenants["uis"]["accessToken"]
# The demo's calls come to the sandbox's virtual number and its one employee: no filter, tasks from its task
# template, that employee responsible, no custom fields the sandbox does not have.
user = tenants["users"][0]["id"] if tenants.get("users") else 1
template = tenants["planfix"].get("taskTemplates", [{"id": 1}])[0]["id"]
for direction in ("incoming", "outgoing"):
    flow = settings["telephony"][direction]
    flow["filter"] = {"enabled": False}
    flow["responsibles"] = {"default": user, "rules": []}
    flow["fields"] = []
settings["telephony"]["incoming"]["primary"] = {"create": "task", "template_id": template}
# Leads and chats (scripts/simulate-chat.sh): tasks from the same template, the same responsible, chats created
# when they end, no custom fields.
for section in (settings["leads"], settings["chats"]):
    section["responsibles"] = {"default": user, "rules": []}
    section["fields"] = []
    for kind in ("primary", "repeat"):
        section[kind] = {"create": section[kind]["create"], "template_id": template}
settings["chats"]["trigger"] = "chat_end"
settings["chats"].pop("trigger_tag", None)
settings["telephony"]["outgoing_number"] = "+" + tenants["uis"].get("virtualNumbers", ["74951234567"])[0]
# Deals: the sandbox's first object, its first two closed statuses as won and lost, its first numeric task field.
deal_object = tenants["planfix"].get("objects", [{"id": 1, "statuses": []}])[0]
closed = [s["id"] for s in deal_object.get("statuses", []) if not s.get("isActive", True)]
amount = [f["id"] for f in tenants["planfix"].get("taskCustomFields", []) if f.get("type") == 1]
if len(closed) >= 2 and amount:
    settings["deals"] = {"enabled": True, "task_object_id": deal_object["id"], "success_status_id": closed[0],
                         "failure_status_id": closed[1], "amount_field": {"id": amount[0], "type": "number"}}
else:
    settings["deals"] = {"enabled": False}
print(json.dumps(settings, ensure_ascii=False, indent=2))
