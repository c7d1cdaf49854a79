"""Policy: who may see and do what to a plan, and what the plan's lifecycle allows now.

Pure decisions over the tables (coach.db); services, screens and templates all ask here, so a
rule about access or stages is written once:

- permissions.py: relations to a plan (RELATIONS), the capabilities each grants, the getters;
- lifecycle.py: the state machine and the readiness gate;
- stages.py: `may(user, plan, doing)`, the capability and the stage together (RULES).
"""
