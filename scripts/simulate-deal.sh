#!/usr/bin/env bash
# Plays one Planfix deal into the local fleet (scripts/run-local.sh): creates a task of the demo tenant's deal object
# in the sandbox (as a Planfix user would), POSTs the automation's {"task_id"} to the ingest, then wins the deal with
# an amount and POSTs again; prints the sales funnel and the deal records the sandbox (as UIS) received.
#   scripts/simulate-deal.sh [AMOUNT]   (default 150000)
set -euo pipefail
cd "$(dirname "$0")/.."
ingest="http://127.0.0.1:${INGEST_PORT:-8080}"
sandbox="http://127.0.0.1:${SANDBOX_PORT:-8090}"
amount=${1:-150000}
read -r secret object won field < <(python3 -c 'import json; d=json.load(open(".fleet/demo-tenant.json"))["deals"]; c=json.load(open(".fleet/demo-tenant.json"))["connection"]; print(c["webhook_secret"], d["task_object_id"], d["success_status_id"], d["amount_field"]["id"])')
read -r account token new < <(python3 -c 'import json; t=json.load(open("sandbox/tenants.example.json"))["tenants"][0]; o=t["planfix"]["objects"][0]; print(t["planfix"]["account"], t["planfix"]["token"], [s["id"] for s in o["statuses"] if s.get("isActive", True)][0])')
planfix() { curl -sS -X POST "$sandbox/planfix/$account/rest/$1" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$2"; }
post() { curl -sS -w " ($1)\n" -X POST "$ingest/hooks/demo/$secret/planfix/deals" -H 'Content-Type: application/json' -d "{\"task_id\":\"$1\"}"; }
task=$(planfix task/ "{\"object\":{\"id\":$object},\"status\":{\"id\":$new},\"name\":\"Демо-сделка\",\"counterparty\":{\"id\":\"contact:500\"}}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
echo "Planfix task $task created (object $object)"
post "$task"
sleep 5  # the deals worker spends the tenant's Planfix REST budget (1 request/s): task, statuses, contact
planfix "task/$task" "{\"status\":{\"id\":$won},\"customFieldData\":[{\"field\":{\"id\":$field},\"value\":$amount}]}" >/dev/null
echo "task $task won with $amount"
post "$task"
sleep 4  # the task and the contact again, then the upload run sends the staged record
echo "what UIS (the sandbox) holds for deal $task:"
curl -sS "$sandbox/_admin/state?tenant=$account" | python3 -c "
import json, sys
uis = json.load(sys.stdin)['uis']
for f in uis['salesFunnels']: print('  funnel', f['ext_id'], [s['status'] + ' ' + s['name'] for s in f['stages']])
for r in uis['deals'].get('$task', []): print('  deal', r['stage_ext_id'], 'revenue', r.get('revenue'), 'at', r['modified_stage_date_time'], 'contact', r.get('contact_ext_ids'))
" || true
echo "(worker log: $PWD/.fleet/logs/deals.log)"
