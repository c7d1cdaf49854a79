"""Policy: who may see and do what to a plan, and what the plan's lifecycle allows now.

Pure decisions over the tables (coach.db); services, screens and templates all ask here, so a
rule about access or stages is written once.
"""
