/**
 * The size of a computed Theory figure (gallery-figure.ts): each run keeps its particles up to the
 * entry's `figureParticles` (400 where it names none), a one-particle run keeps one, the user's N
 * control overrides the default up to 400; a diffusion figure reads 101 frames a run, a stationary one
 * every recorded step (401), curves none.
 */
import { describe, expect, it } from 'vitest';
import { findGalleryEntry } from '../../shared/theory/gallery';
import { DEFAULT_CONTROLS, figureExperiment, figureFrames, figureParticles } from '../../shared/theory/gallery-figure';

const entry = (id: string) => findGalleryEntry(id)!;
const particles = (id: string, N: number | null = null) =>
  figureExperiment(entry(id), { ...DEFAULT_CONTROLS, particles: N }).runs.map((r) => r.particles);

describe('figure sizing', () => {
  it('runs keep the entry’s figure particles, one-particle runs one, and N overrides up to 400', () => {
    expect(particles('temperature')).toEqual(new Array(8).fill(128));
    expect(particles('batch-size')).toEqual(new Array(5).fill(160));
    expect(particles('langevin-plateau')).toEqual([200, 200, 200]);
    expect(particles('stationary-2d')).toEqual([400]);
    expect(particles('gradient-flow')).toEqual([400, 400, 400, 1]);
    expect(particles('temperature', 300)).toEqual(new Array(8).fill(300));
    expect(particles('temperature', 1000)).toEqual(new Array(8).fill(400));
    expect(particles('network-annealing')).toEqual([16, 16]);
    expect([figureParticles(entry('temperature')), figureParticles(entry('averages'))]).toEqual([128, 400]);
    // The figure records as many particles as its largest run keeps.
    expect(figureExperiment(entry('temperature')).record?.particles).toBe(128);
  });

  it('frames: 401 for a stationary cloud, 101 for a diffusion, 1 for a heatmap cell, none for curves', () => {
    expect(figureFrames(entry('stationary-1d'))).toBe(401);
    expect(figureFrames(entry('langevin-plateau'))).toBe(101);
    expect(figureFrames(entry('convergence'))).toBe(0);
    // The momentum heatmaps read each cell's last frame (its final loss and diverged particles).
    expect(figureFrames(entry('momentum'))).toBe(1);
  });
});
