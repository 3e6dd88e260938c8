#!/usr/bin/env python3
import json
# Generates src/http/openapi.json, the OpenAPI document of the HTTP API:
#   python3 scripts/gen_openapi.py > src/http/openapi.json
# The OpenAPI test checks that the document and the registered routes agree.
S=lambda **k: dict(type="string", **k)
I=lambda **k: dict(type="integer", **k)
B={"type":"boolean"}
def A(x): return {"type":"array","items":x}
def ref(n): return {"$ref":"#/components/schemas/"+n}
def enum(*v): return {"type":"string","enum":list(v)}
ID={"type":"integer","format":"int64","nullable":True,"readOnly":True}
REFID={"type":"integer","format":"int64","nullable":True}
DATE={"type":"string","format":"date","example":"2026-06-30"}
TS={"created_at":{"type":"string","format":"date-time","readOnly":True},"updated_at":{"type":"string","format":"date-time","readOnly":True}}
def obj(props, required=(), desc=""):
    o={"type":"object","additionalProperties":False,"properties":props}
    if required: o["required"]=list(required)
    if desc: o["description"]=desc
    return o
schemas={
 "LocalizedText": obj({"vi":S(),"en":S()}, desc="Text in Vietnamese and/or English."),
 "Error": obj({"error": obj({"code":enum("invalid_argument","not_found","already_exists","permission_denied","failed_precondition","unavailable","data_loss","internal"),"message":S(),"field":{"type":"string","nullable":True,"description":"Path of the offending input field or query parameter."}},["code","message","field"])},["error"]),
 "Health": obj({"status":S(),"version":S(),"schema_version":I()},["status","version","schema_version"]),
 "Organization": obj(dict(id=ID,name=S(),name_en=S(),short_name=S(),kind=enum("enterprise","university","institute","agency","association","incubator","fund","embassy_st_office"),country=S(pattern="^[A-Z]{2}$"),city=S(),website=S(),description=ref("LocalizedText"),**TS),["name","kind","country"]),
 "TaxonomyVersion": obj(dict(id=ID,code=S(),name=ref("LocalizedText"),issued_on=DATE,effective_from=DATE,status=enum("draft","current","superseded"),note=ref("LocalizedText"),**TS),["code"]),
 "TaxonomyGroup": obj(dict(id=ID,version_id=REFID,number=I(minimum=1),name=ref("LocalizedText"),description=ref("LocalizedText"),provisional=B,products=A(ref("LocalizedText")),**TS),["version_id","number"]),
 "Chapter": obj(dict(id=ID,code=S(pattern="^[A-Z0-9-]{2,16}$"),name=ref("LocalizedText"),countries=A(S()),status=enum("planned","pilot","active"),founded_on=DATE,host_organization_id=REFID,description=ref("LocalizedText"),**TS),["code"]),
 "Membership": obj(dict(chapter_id=REFID,expert_id=REFID,role=enum("member","coordinator","lead"),joined_on=DATE)),
 "Affiliation": obj(dict(organization_id=REFID,title=S(),current=B),["organization_id"]),
 "AvailabilityWindow": obj({"from":DATE,"to":DATE,"hours_per_month":I(minimum=0,maximum=744),"note":S()},["from","to"]),
 "Expert": obj(dict(id=ID,full_name=S(),name_ascii=S(description="Derived from full_name when empty."),orcid=S(pattern="^\\d{4}-\\d{4}-\\d{4}-\\d{3}[\\dX]$"),email=S(),country=S(pattern="^[A-Z]{2}$"),city=S(),background=enum("overseas_vietnamese","foreign","domestic"),affiliations=A(ref("Affiliation")),career_stage=enum("student","early_career","mid_career","senior","emeritus"),languages=A(S()),engagement_modes=A(enum("consulting","joint_research","training","advisory","investment")),availability=A(ref("AvailabilityWindow")),consent=obj({"contact":B,"public_profile":B}),bio=ref("LocalizedText"),group_ids=A(I()),skills=A(S()),**TS),["full_name","country"]),
 "WorkAuthor": obj(dict(name=S(),expert_id=REFID,corresponding=B),["name"]),
 "Work": obj(dict(id=ID,kind=enum("publication","patent","project","product"),title=S(),abstract=S(),year=I(),venue=S(),language=S(),doi=S(),url=S(),keywords=A(S()),authors=A(ref("WorkAuthor")),**TS),["title","kind","authors"]),
 "RequiredSkill": obj(dict(name=S(),level=enum("must","nice")),["name"]),
 "Problem": obj(dict(id=ID,title=ref("LocalizedText"),summary=ref("LocalizedText"),description=ref("LocalizedText"),organization_id=REFID,group_ids=A(I()),skills=A(ref("RequiredSkill")),deliverables=A(S()),budget=obj({"amount":I(minimum=0),"currency":S()}),deadline=DATE,engagement_mode=enum("consulting","joint_research","training","advisory","investment"),confidentiality=enum("public","summary_only","invite_only"),ip_terms=enum("none","non_exclusive","exclusive","negotiable"),trl={"nullable":True,**obj({"current":I(minimum=1,maximum=9),"target":I(minimum=1,maximum=9)})},status=enum("draft","open","matching","proposals","awarded","in_progress","completed","cancelled"),**TS),["title","organization_id"]),
}
def err(desc): return {"description":desc,"content":{"application/json":{"schema":ref("Error")}}}
def body(n): return {"required":True,"content":{"application/json":{"schema":ref(n)}}}
def ok(n, code="200", desc="OK"): return {code:{"description":desc,"content":{"application/json":{"schema":ref(n)}}}}
def listschema(n):
    return {"type":"object","properties":{"items":A(ref(n)),"total":I(),"offset":I(),"limit":I()},"required":["items","total","offset","limit"]}
def q(name, desc, schema=None): return {"name":name,"in":"query","required":False,"description":desc,"schema":schema or S()}
PAGE=[q("offset","Items to skip.",I(minimum=0,default=0)),q("limit","Items to return (1..1000).",I(minimum=1,maximum=1000,default=20)),q("sort","Field to sort by."),q("order","asc or desc.",enum("asc","desc"))]
idp={"name":"id","in":"path","required":True,"schema":I(minimum=1)}
paths={}
colls=[("organizations","Organization","Organizations",[q("country","ISO 3166-1 alpha-2 code, e.g. VN."),q("kind","Organization kind.")], "id, name, country"),
 ("taxonomy/versions","TaxonomyVersion","Taxonomy",[], "id, code, effective_from"),
 ("taxonomy/groups","TaxonomyGroup","Taxonomy",[q("version","Taxonomy version id.",I())], "id, number"),
 ("chapters","Chapter","Chapters",[q("country","Chapters covering this ISO country code.")], "id, code"),
 ("experts","Expert","Experts",[q("country","ISO country code of residence, e.g. JP."),q("chapter","Chapter id or code, e.g. JP or UK-IE."),q("group","Taxonomy group id.",I()),q("organization","Organization id (any affiliation).",I()),q("q","Name prefix, with or without diacritics.")], "id, full_name, name_ascii, country, updated_at"),
 ("works","Work","Works",[q("expert","Expert id.",I()),q("kind","Work kind."),q("language","ISO 639-1 code.")], "id, year, title"),
 ("problems","Problem","Problems",[q("country","ISO country code of the commissioning organization."),q("organization","Organization id.",I()),q("group","Taxonomy group id.",I()),q("status","Lifecycle status.")], "id, deadline, updated_at")]
E400=err("Invalid input: malformed JSON, an invalid field or query parameter (named in error.field).")
E404=err("No such entity.")
E409=err("Conflict: a unique key is taken, or the entity is still referenced.")
E413=err("Request body too large.")
for path,n,tag,filters,sorts in colls:
    base="/api/v1/"+path
    name=n
    sortp=[dict(p) for p in PAGE]; sortp[2]=q("sort","Field to sort by: "+sorts+".")
    paths[base]={
      "get":{"tags":[tag],"summary":"List "+path,"operationId":"list"+n.replace(" ","")+"s","parameters":sortp+filters,
             "responses":{"200":{"description":"A page of results.","content":{"application/json":{"schema":listschema(n)}}},"400":E400}},
      "post":{"tags":[tag],"summary":"Create a "+name,"operationId":"create"+n,"requestBody":body(n),
              "responses":{**ok(n,"201","Created; Location names the new resource."),"400":E400,"409":E409,"413":E413}}}
    paths[base+"/{id}"]={"parameters":[idp],
      "get":{"tags":[tag],"summary":"Get a "+name,"operationId":"get"+n,"responses":{**ok(n),"404":E404}},
      "put":{"tags":[tag],"summary":"Replace a "+name,"operationId":"replace"+n,"requestBody":body(n),"responses":{**ok(n),"400":E400,"404":E404,"409":E409,"413":E413}},
      "patch":{"tags":[tag],"summary":"Change some fields of a "+name+" (JSON Merge Patch, RFC 7396)","operationId":"patch"+n,
               "requestBody":{"required":True,"content":{"application/merge-patch+json":{"schema":{"type":"object"}},"application/json":{"schema":{"type":"object"}}}},
               "responses":{**ok(n),"400":E400,"404":E404,"409":E409,"413":E413}},
      "delete":{"tags":[tag],"summary":"Delete a "+name,"operationId":"delete"+n,"responses":{"204":{"description":"Deleted."},"404":E404,"409":E409}}}
paths["/api/v1/chapters/{id}/members"]={"parameters":[idp],"get":{"tags":["Chapters"],"summary":"List a chapter's members","operationId":"listMembers","responses":{"200":{"description":"The memberships.","content":{"application/json":{"schema":listschema("Membership")}}},"404":E404}}}
eid={"name":"expert_id","in":"path","required":True,"schema":I(minimum=1)}
paths["/api/v1/chapters/{id}/members/{expert_id}"]={"parameters":[idp,eid],
 "put":{"tags":["Chapters"],"summary":"Add or change a membership","operationId":"putMember","requestBody":{"required":False,"content":{"application/json":{"schema":ref("Membership")}}},"responses":{**ok("Membership"),"400":E400,"404":E404}},
 "delete":{"tags":["Chapters"],"summary":"Remove a membership","operationId":"deleteMember","responses":{"204":{"description":"Removed."},"404":E404}}}
paths["/api/v1/health"]={"get":{"tags":["System"],"summary":"Health and version","operationId":"health","responses":ok("Health")}}
paths["/api/v1/openapi.json"]={"get":{"tags":["System"],"summary":"This document","operationId":"openapi","responses":{"200":{"description":"The OpenAPI document.","content":{"application/json":{"schema":{"type":"object"}}}}}}}

schemas["MatchFilters"]=obj({"countries":A(S()),"chapters":A({"oneOf":[S(),I()]}),"languages":A(S()),"groups":A(I()),"engagement_modes":A(enum("consulting","joint_research","training","advisory","investment")),"available_from":DATE,"available_to":DATE,"exclude":A(I())}, desc="Within a field any value matches; across fields all must. chapters take ids or codes; exclude lists expert ids (conflicts of interest).")
schemas["MatchRequest"]=obj({"text":S(description="The problem statement, in Vietnamese, English or Japanese."),"k":I(minimum=1,maximum=100,default=10),"filters":ref("MatchFilters")},["text"])
schemas["ExpertSummary"]={"type":"object","description":"An expert as shown beside a match (no contact data).","properties":{k:v for k,v in schemas["Expert"]["properties"].items() if k in ("id","full_name","name_ascii","country","city","background","affiliations","career_stage","languages","engagement_modes","availability","group_ids","skills")}}
schemas["TermContribution"]=obj({"term":S(),"share":{"type":"number","minimum":0,"maximum":1}},["term","share"])
schemas["WorkEvidence"]=obj({"work_id":I(),"score":{"type":"number"},"title":S(description="HTML-escaped, matched words in <mark>."),"snippet":S(description="A passage of the abstract, marked the same way."),"year":I()},["work_id","score","title","snippet","year"])
schemas["ExpertMatch"]=obj({"expert":ref("ExpertSummary"),"score":{"type":"number","minimum":0,"maximum":1,"description":"Normalised by what the problem could score at most; comparable across problems."},"terms":A(ref("TermContribution")),"works":A(ref("WorkEvidence"))},["expert","score","terms","works"])
schemas["ExpertMatchList"]=obj({"items":A(ref("ExpertMatch")),"total":I()},["items","total"])
schemas["ProblemMatch"]=obj({"problem":ref("Problem"),"score":{"type":"number","minimum":0,"maximum":1}},["problem","score"])
schemas["ProblemMatchList"]=obj({"items":A(ref("ProblemMatch")),"total":I()},["items","total"])
MF=[q("k","Number of experts (1..100).",I(minimum=1,maximum=100,default=10)),q("country","ISO country codes, comma-separated."),q("chapter","Chapter ids or codes, comma-separated."),q("language","ISO 639-1 codes the expert works in, comma-separated."),q("group","Taxonomy group ids, comma-separated."),q("mode","Engagement modes, comma-separated."),q("available_from","The expert is available at some time from this date.",DATE),q("available_to","... until this date.",DATE),q("exclude","Expert ids to exclude (conflicts of interest), comma-separated.")]
paths["/api/v1/match"]={"post":{"tags":["Matching"],"summary":"The experts best able to solve a problem statement, with the reasons","operationId":"match","requestBody":body("MatchRequest"),"responses":{**ok("ExpertMatchList"),"400":E400,"413":E413}}}
paths["/api/v1/problems/{id}/matches"]={"parameters":[idp],"get":{"tags":["Matching"],"summary":"The experts best able to solve a stored problem (its organisation's own experts excluded)","operationId":"matchProblem","parameters":MF,"responses":{**ok("ExpertMatchList"),"400":E400,"404":E404}}}
paths["/api/v1/experts/{id}/problems"]={"parameters":[idp],"get":{"tags":["Matching"],"summary":"The open problems that fit an expert best","operationId":"problemsForExpert","parameters":[q("k","Number of problems (1..100).",I(minimum=1,maximum=100,default=10))],"responses":{**ok("ProblemMatchList"),"400":E400,"404":E404}}}
doc={"openapi":"3.0.3","info":{"title":"KetNoi API","version":"0.1.0","description":"The JSON API of KetNoi, the platform that connects experts with the technology problems Vietnamese organisations commission. Errors are {\"error\": {\"code\", \"message\", \"field\"}}."},
 "servers":[{"url":"/"}],"paths":paths,"components":{"schemas":schemas}}
print(json.dumps(doc,indent=2,ensure_ascii=False))
