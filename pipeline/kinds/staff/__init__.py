"""The shared input 员工考核 (the staff list): see inputs.py."""
