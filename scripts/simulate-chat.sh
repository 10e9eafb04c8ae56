#!/usr/bin/env bash
# Plays one closed site chat into the local fleet (scripts/run-local.sh): puts the chat and its messages into the
# sandbox's UIS reports, POSTs the "chat finished" notification to the ingest, then prints what the sandbox (playing
# Planfix) received: the contact, the task and the transcript comment.
#   scripts/simulate-chat.sh [VISITOR_PHONE]   (default: 79005550077)
set -euo pipefail
cd "$(dirname "$0")/.."
ingest="http://127.0.0.1:${INGEST_PORT:-8080}"
sandbox="http://127.0.0.1:${SANDBOX_PORT:-8090}"
secret=$(python3 -c 'import json; print(json.load(open(".fleet/demo-tenant.json"))["connection"]["webhook_secret"])')
phone=${1:-79005550077}
chat=$(( $(date +%s) % 100000000 ))
comm=$(( chat + 500000000 ))
now=$(TZ=Europe/Moscow date '+%Y-%m-%d %H:%M:%S')
curl -sS -o /dev/null -X POST "$sandbox/_admin/uis/chats" -d "{\"tenant\":\"acme\",\"row\":{\"id\":$chat,\"communication_id\":$comm,\"date_time\":\"$now\",\"status\":\"succeed\",\"visitor_phone_number\":$phone,\"chat_channel_type\":\"comagic\",\"chat_channel_name\":\"Чат на сайте\",\"site_domain_name\":\"shop.example.ru\"}}"
curl -sS -o /dev/null -X POST "$sandbox/_admin/uis/chat_messages" -d "{\"tenant\":\"acme\",\"rows\":[{\"chat_id\":$chat,\"date_time\":\"$now\",\"source\":\"visitor\",\"text\":\"Здравствуйте, есть доставка?\"},{\"chat_id\":$chat,\"date_time\":\"$now\",\"source\":\"operator\",\"employee_full_name\":\"Оператор\",\"text\":\"Да, завтра\"}]}"
curl -sS -o /dev/null -w "%{http_code} chat_finished\n" -X POST "$ingest/hooks/demo/$secret/uis/chats" -d "{\"event\":\"chat_finished\",\"communication_id\":$comm}"
sleep 8  # contact, task and comment wait for the tenant's Planfix REST budget (1 request/s)
echo "what Planfix (the sandbox) received for chat $chat (communication $comm):"
curl -sS "$sandbox/_admin/ledger?tenant=acme" | grep -E '"contact.created"|"task.created"|"comment.added"' | tail -3 || echo "  nothing yet: see $PWD/.fleet/logs/chats.log"
