# Generates the hand-built report fixtures next to this script (deterministic, no simulation):
# python3 make_fixtures.py
import json, math, os, csv
root = os.path.dirname(os.path.abspath(__file__))
pol = ['status_quo', 'needs_based', 'periodic_rotation']
units = [('sekretariat', 'general', 0, 9, 8), ('adminduk', 'adminduk', 0, 5, 3), ('puskesmas_terpencil', 'health', 2, 6, 4)]
months, warmup = 24, 6
d = os.path.join(root, 'three_policies'); os.makedirs(d, exist_ok=True)
run = {
  "complete": True, "version": "0.1.0", "scenario_name": "fixture", "seed": 7, "replications": 20,
  "threads": 2, "policies": pol, "baseline": "status_quo", "stopping_rule": "fixed",
  "notes": ["Confidence intervals of KPIs that are constant over replications have zero width."],
  "months": months, "warmup_months": warmup, "wall_seconds": 1.25, "events": 123456,
  "scenario": {
    "name": "fixture", "description": "Hand-built results for the report tests: three units, three policies.",
    "calendar": {"hours_per_day": 7.5, "days_per_year": 240.0},
    "horizon_years": 2.0, "warmup_years": 0.5,
    "units": [{"name": n, "field": f, "remoteness": r, "positions": p, "staff": s, "sla_days": 5.0} for n, f, r, p, s in units],
    "experiment": {"replications": 20, "seed": 7},
    "resistance": {"b0": -2.0, "b_remote": 0.8, "season": [1.0, 1.1, 0.9]}
  }
}
json.dump(run, open(os.path.join(d, 'run.json'), 'w'), indent=2)
def f(x): return repr(round(x, 6))
# summary
base = {'complaints': 3000, 'complaints_induced': 2500, 'cases': 60000, 'abandoned': 500, 'wait_days_mean': 2.1,
        'resolution_days_mean': 3.4, 'resolution_days_p90': 6.0, 'sla_compliance': 0.82, 'backlog_end': 140,
        'backlog_peak': 210, 'utilization_mean': 0.71, 'utilization_cv': 0.42, 'stress_mean': 0.35,
        'transfers_done': 0, 'transfers_appealed': 0, 'transfers_refused': 0, 'transfer_quits': 0,
        'cost_total': 0.0, 'future_kpi': 1.5}
eff = {'needs_based': {'resolution_days_mean': -1.8, 'sla_compliance': 0.032, 'complaints': -40, 'backlog_end': 12,
                       'utilization_cv': -0.1, 'transfers_done': 30, 'transfers_appealed': 6, 'transfers_refused': 3,
                       'transfer_quits': 1.5, 'cost_total': 1.8e8, 'stress_mean': -0.05},
       'periodic_rotation': {'resolution_days_mean': 0.3, 'sla_compliance': -0.01, 'complaints': 150, 'backlog_end': -5,
                             'utilization_cv': 0.02, 'transfers_done': 45, 'transfers_appealed': 12, 'transfers_refused': 9,
                             'transfer_quits': 3, 'cost_total': 3.0e8, 'stress_mean': 0.02}}
with open(os.path.join(d, 'summary.csv'), 'w', newline='') as fh:
    w = csv.writer(fh); w.writerow(['policy','kpi','mean','sd','ci95_low','ci95_high','p10','p50','p90','n'])
    for p in pol:
        for k, v in base.items():
            m = v + eff.get(p, {}).get(k, 0)
            sd = abs(m) * 0.1 + 0.01
            hw = 2.093 * sd / math.sqrt(20)
            if k == 'future_kpi' and p == 'periodic_rotation':
                w.writerow([p, k, '', '', '', '', '', '', '', 0]); continue
            w.writerow([p, k, f(m), f(sd), f(m-hw), f(m+hw), f(m-1.28*sd), f(m), f(m+1.28*sd), 20])
with open(os.path.join(d, 'replications.csv'), 'w', newline='') as fh:
    w = csv.writer(fh); ks = list(base); w.writerow(['policy','replication'] + ks)
    for p in pol:
        for r in range(3):
            w.writerow([p, r] + [f((base[k] + eff.get(p, {}).get(k, 0)) * (1 + 0.01*(r-1))) for k in ks])
with open(os.path.join(d, 'comparison.csv'), 'w', newline='') as fh:
    w = csv.writer(fh); w.writerow(['policy','baseline','kpi','diff_mean','ci95_low','ci95_high','significant','p_best'])
    rows = [
      ('needs_based','resolution_days_mean',-1.8,-2.4,-1.2,'true',0.9),
      ('needs_based','sla_compliance',0.032,0.02,0.044,'true',0.85),
      ('needs_based','complaints',-40,-100,20,'false',0.6),
      ('needs_based','backlog_end',12,4,20,'true',0.1),
      ('needs_based','utilization_cv',-0.1,-0.15,-0.05,'true',0.95),
      ('needs_based','stress_mean',-0.05,-0.08,-0.02,'true',0.9),
      ('needs_based','cost_total',1.8e8,1.2e8,2.4e8,'true',0.05),
      ('needs_based','future_kpi',0.5,0.2,0.8,'true',''),
      ('periodic_rotation','resolution_days_mean',0.3,0.1,0.5,'true',0.05),
      ('periodic_rotation','sla_compliance',-0.01,-0.03,0.01,'false',0.1),
      ('periodic_rotation','complaints',150,60,240,'true',0.02),
      ('periodic_rotation','backlog_end',-5,-9,-1,'true',0.6),
      ('periodic_rotation','utilization_cv',0.02,-0.01,0.05,'false',0.02),
      ('periodic_rotation','stress_mean',0.02,0.0,0.04,'false',0.05),
      ('periodic_rotation','cost_total',3.0e8,2.1e8,3.9e8,'true',0.0),
    ]
    for p,k,m,lo,hi,s,pb in rows:
        w.writerow([p,'status_quo',k,f(m),f(lo),f(hi),s,pb if pb == '' else f(pb)])
with open(os.path.join(d, 'timeseries.csv'), 'w', newline='') as fh:
    w = csv.writer(fh); w.writerow(['policy','unit','month','metric','mean','ci95_low','ci95_high'])
    for pi, p in enumerate(pol):
        for ui, (u, *_ ) in enumerate(units + [('all',)]):
            for mo in range(1, months+1):
                t = mo / 12
                if u == 'all':
                    vals = {
                      'sla_compliance': (0.8 + 0.05*math.sin(t*3 + pi) + 0.02*pi*(mo > warmup), 0.015),
                      'complaints': (120 + 30*math.sin(t*2) + 15*pi*(mo > warmup) + 10*mo/24, 12),
                      'backlog': (100 + 20*math.cos(t*2 + pi), 10),
                    }
                    if pi > 0:
                        for k, lvl in [('transfers_done', 2.0), ('transfers_appealed', 0.4), ('transfers_refused', 0.2), ('transfer_quits', 0.1)]:
                            vals[k] = (lvl * pi * (1 + 0.3*math.sin(mo)), lvl * 0.2)
                else:
                    vals = {
                      'backlog': (20 + 15*ui + 8*math.sin(t*3 + ui + pi) - 5*pi*(mo > warmup)*(ui == 1), 3 + ui),
                      'utilization': (0.45 + 0.2*ui + 0.08*math.sin(t*4 + ui) - 0.05*pi*(ui == 2), 0.02),
                      'ej': (0.7 + 0.35*ui + 0.1*math.sin(t*4 + ui) - 0.1*pi*(ui == 2), 0.03),
                    }
                for k, (m, hw) in vals.items():
                    w.writerow([p, u, mo, k, f(m), f(m-hw), f(m+hw)])
# sweep
s = os.path.join(root, 'sweep'); os.makedirs(s, exist_ok=True)
with open(os.path.join(s, 'sweep.csv'), 'w', newline='') as fh:
    w = csv.writer(fh); w.writerow(['point','units.adminduk.staff','policy','kpi','mean','ci95_low','ci95_high'])
    for pt, staff in enumerate([2, 3, 4, 5]):
        for pi, p in enumerate(pol[:2]):
            for k, m in [('resolution_days_mean', 6.0/staff + 0.3*pi), ('sla_compliance', 0.6 + 0.08*staff - 0.02*pi)]:
                hw = 0.05 * m
                w.writerow([pt, staff, p, k, f(m), f(m-hw), f(m+hw)])
run2 = dict(run); run2['policies'] = pol[:2]
json.dump(run2, open(os.path.join(s, 'run.json'), 'w'), indent=2)
