-- wrk script for the two webfilters: one realistic Open edX payload per request, answers counted by kind.
--
--   MODE=render   USERS=1000000 COURSES=50 wrk -t2 -c16 -d20s -s bench/webfilter.lua URL
--   MODE=creation FIRST_USER=1000000 COURSES=10 wrk ... (every request asks for a new learner's certificate)
--
-- done() prints one Markdown table row: clients | seconds | requests | requests/s | p50 | p90 | p99 | max | errors | answers
local mode = os.getenv("MODE") or "render"
local users = tonumber(os.getenv("USERS") or "1000000")
local courses = tonumber(os.getenv("COURSES") or "50")
local first_user = tonumber(os.getenv("FIRST_USER") or "1000000")

local render_template = [[{"context": {"course_id": "course-v1:Bench+C%d+2025", "accomplishment_user_id": %d,
  "accomplishment_copy_name": "Learner %d", "username": "user%d", "user_language": "es",
  "platform_name": "Example Learning", "document_title": "Example Learning Certificate | Bench",
  "logo_src": "/static/images/logo.png", "course_mode": "verified",
  "certificate_id_number": "2f1c9a0e5b7d4c3e8f1a2b3c4d5e6f70",
  "certificate_verify_url": "https://lms.example.org/certificates/2f1c9a0e5b7d4c3e8f1a2b3c4d5e6f70",
  "certificate_date_issued": "June 1, 2025", "accomplishment_copy_course_name": "Bench course",
  "accomplishment_copy_course_org": "Bench", "organization_long_name": "Bench University",
  "organization_short_name": "Bench", "accomplishment_copy_about": "About Example Learning",
  "accomplishment_banner_opening": "Congratulations, Learner!",
  "accomplishment_banner_congrats": "You worked hard to earn your certificate!",
  "company_about_title": "About Example Learning", "company_privacy_title": "Privacy Policy",
  "company_tos_title": "Terms of Service & Honor Code",
  "certificate_data": {"course_title": "Bench course %d", "signatories": [
    {"name": "Dr. Rivera", "title": "Professor", "organization": "Bench University"}]}},
 "custom_template": null, "completion_summary": {"complete_count": 40, "incomplete_count": 0},
 "event_metadata": {"event_type": "CertificateRenderStarted", "time": "2025-06-01 14:03:00.123456"}}]]

-- The shape and size of a real "certificate creation requested" payload (password hash included).
local creation_template = [[{"user": {"id": %d, "username": "user%d", "email": "user%d@example.org", "first_name": "",
  "last_name": "", "password": "pbkdf2_sha256$600000$bench$AAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
  "is_staff": false, "is_superuser": false, "is_active": true,
  "last_login": "2025-06-01 14:03:00.123456+00:00", "date_joined": "2024-01-01 10:00:00+00:00"},
 "profile": {"id": %d, "user_id": %d, "name": "Learner Number %d", "language": "es", "country": "AR",
  "year_of_birth": 1990, "gender": "f", "mailing_address": "", "city": "Córdoba", "goals": "", "bio": ""},
 "course_key": "course-v1:Bench+C%d+2025", "mode": "verified", "status": "downloadable",
 "grade": {"percent": 0.87, "passed": true, "letter_grade": "Pass"}, "generation_mode": "batch",
 "completion_summary": {"complete_count": 40, "incomplete_count": 0, "locked_count": 0},
 "event_metadata": {"event_type": "CertificateCreationRequested", "time": "2025-06-01 14:03:00.123456"}}]]

local threads = {}
local next_index = 0
function setup(thread)
  thread:set("index", next_index)
  next_index = next_index + 1
  table.insert(threads, thread)
end

local counter = 0
kinds = {}
function init(args)
  math.randomseed(os.time() * 1000 + index)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  if mode == "creation" then
    -- Disjoint learner ranges per thread: every request is a new learner.
    counter = counter + 1
    local user = first_user + index * 100000000 + counter
    return wrk.format(nil, nil, nil, string.format(creation_template, user, user, user, user, user, user,
        user % courses))
  end
  -- 10 % more learners than certificates: some views find no certificate, as in real life.
  local user = math.random(1, users + math.floor(users / 10))
  local course = user % courses
  return wrk.format(nil, nil, nil, string.format(render_template, course, user, user, user, course))
end

local function kind_of(status, body)
  if status ~= 200 then return "http" .. status end
  if body == "{}" then return "{}" end
  if body:find('"RenderCustomResponse"', 1, true) then
    if body:find('id=\\"status-heading\\"', 1, true) then return "status page" end
    return "certificate page"
  end
  if body:find("RenderAlternativeInvalidCertificate", 1, true) then return "invalid" end
  if body:find("RedirectToPage", 1, true) then return "redirect" end
  return "other"
end

function response(status, headers, body)
  local k = kind_of(status, body)
  kinds[k] = (kinds[k] or 0) + 1
end

function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    local t = thread:get("kinds")
    for k, n in pairs(t) do totals[k] = (totals[k] or 0) + n end
  end
  local names = {}
  for k in pairs(totals) do table.insert(names, k) end
  table.sort(names)
  local parts = {}
  for _, k in ipairs(names) do table.insert(parts, k .. ": " .. totals[k]) end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
      + summary.errors.status
  local seconds = summary.duration / 1e6
  io.write(string.format("| %s | %.0f | %d | %.0f | %.2f | %.2f | %.2f | %.2f | %d | %s |\n",
      os.getenv("CLIENTS") or "?", seconds, summary.requests, summary.requests / seconds,
      latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
      latency.max / 1000, errors, table.concat(parts, ", ")))
end
