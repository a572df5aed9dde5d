-- wrk script: POST a prepared OTLP/HTTP protobuf body (path in $BODY) to /v1/traces.
-- With $DELAY_MS set, each connection pauses that long after every answer (rate-limited runs).
local f = assert(io.open(os.getenv("BODY"), "rb"))
wrk.method = "POST"
wrk.path = "/v1/traces"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/x-protobuf"

local delay_ms = tonumber(os.getenv("DELAY_MS") or "0")
if delay_ms > 0 then
  function delay()
    return delay_ms
  end
end
