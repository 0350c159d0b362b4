"""The first-run wizard: the flow as data (flow), its pages (pages), the wizard widget
(wizard), the recovery-phrase widgets, the printable sheet and the password meter.
"""
