#!/usr/bin/env node
import '../dist/sla.cjs';
