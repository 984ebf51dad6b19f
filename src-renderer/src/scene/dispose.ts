/** Empties a group of meshes or lines this scene made, freeing each one's geometry and material. */
import type * as THREE from 'three';

export function disposeChildren(group: THREE.Group): void {
  for (const child of [...group.children]) {
    const drawn = child as THREE.Mesh | THREE.LineSegments;
    drawn.geometry.dispose();
    const material = drawn.material as THREE.Material | THREE.Material[];
    for (const m of Array.isArray(material) ? material : [material]) m.dispose();
    group.remove(child);
  }
}
