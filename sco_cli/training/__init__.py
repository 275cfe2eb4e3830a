"""The training program plan (`kind: training_plan`): four fiscal years of training lines, checked
against SAMM C2.1.6.2-C2.1.6.3 and the SCETWG checklist (Figure C10.F2)."""
