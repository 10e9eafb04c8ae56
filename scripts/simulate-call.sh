#!/usr/bin/env bash
# Plays one answered incoming call into the local fleet (scripts/run-local.sh): the UIS notifications a real call
# sends, POSTed to the ingest, then prints what the sandbox (playing Planfix) received for that call.
#   scripts/simulate-call.sh [CALLER] [EMPLOYEE_ID]   (defaults: 79005550001, the sandbox example's UIS employee)
set -euo pipefail
cd "$(dirname "$0")/.."
ingest="http://127.0.0.1:${INGEST_PORT:-8080}"
sandbox="http://127.0.0.1:${SANDBOX_PORT:-8090}"
secret=$(python3 -c 'import json; print(json.load(open(".fleet/demo-tenant.json"))["connection"]["webhook_secret"])')
virtual=$(python3 -c 'import json; print(json.load(open("sandbox/tenants.example.json"))["tenants"][0]["uis"].get("virtualNumbers", ["74951234567"])[0])')
employee=${2:-$(python3 -c 'import json; print(json.load(open("sandbox/tenants.example.json"))["tenants"][0]["uisEmployees"][0]["id"])')}
caller=${1:-79005550001}
call=$(( $(date +%s) % 1000000000 ))
base="\"call_session_id\":$call,\"contact_phone_number\":\"$caller\",\"virtual_phone_number\":\"$virtual\",\"direction\":\"in\""
post() { curl -sS -o /dev/null -w "%{http_code} $1\n" -X POST "$ingest/hooks/demo/$secret/uis/calls" -d "{\"event\":\"$1\",$base$2}"; }
post incoming_call ""
post waiting_for_answer ",\"employee_id\":$employee,\"leg_id\":1"
sleep 1
post talk_started ",\"employee_id\":$employee,\"leg_ids\":[1]"
sleep 1
post call_finished ",\"employee_id\":$employee,\"talk_time_duration\":42"
sleep 6  # the task waits for the tenant's Planfix REST budget (1 request/s)
echo "what Planfix (the sandbox) received for call $call:"
curl -sS "$sandbox/_admin/ledger?tenant=acme" | grep "$call" | grep -E '"call.event"|"task.created"|"contact.created"' || echo "  nothing yet: run the employee sync first, then check $PWD/.fleet/logs/telephony.log"
