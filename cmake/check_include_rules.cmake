# Checks the include rules between the project's folders (run by ctest as include_rules):
#   base/     includes nothing of the project but base/;
#   datasets/ includes only base/ and datasets/;
#   core/     includes base/, datasets/, core/ and the embedded presets (never ui/ or app/);
#   app/cli/  never includes ui/;
#   base/, datasets/, core/ and app/cli/ include no Qt header;
#   ui/ outside ui/worker/ (the views, panels, plots, canvas, shell) reads snapshots only: it
#   includes neither the model (core/model, core/layers, core/kernels, the trainer) nor TBB.
# Usage: cmake -DSOURCE_DIR=<repo> -P check_include_rules.cmake
cmake_minimum_required(VERSION 3.25)
set(allowed_base "base/")
set(allowed_datasets "base/|datasets/")
set(allowed_core "base/|datasets/|core/")
set(allowed_app_cli "base/|datasets/|core/|app/cli/")
set(violations "")
foreach(dir base datasets core app/cli)
    string(REPLACE "/" "_" key "${dir}")
    file(GLOB_RECURSE sources "${SOURCE_DIR}/${dir}/*.h" "${SOURCE_DIR}/${dir}/*.cpp")
    foreach(src ${sources})
        file(STRINGS "${src}" includes REGEX "^[ \t]*#[ \t]*include")
        file(RELATIVE_PATH rel "${SOURCE_DIR}" "${src}")
        foreach(line ${includes})
            if(line MATCHES "#[ \t]*include[ \t]*\"([^\"]+)\"")
                set(target "${CMAKE_MATCH_1}")
                if(NOT target MATCHES "^(${allowed_${key}})")
                    list(APPEND violations "${rel} includes \"${target}\"")
                endif()
            elseif(line MATCHES "#[ \t]*include[ \t]*<(Q[A-Za-z]+[^>]*)>")
                list(APPEND violations "${rel} includes the Qt header <${CMAKE_MATCH_1}>")
            endif()
        endforeach()
    endforeach()
endforeach()
set(model_only "core/(model|layers|kernels)/|core/training/trainer\\.h")
foreach(dir shell panels views plots canvas)
    file(GLOB_RECURSE sources "${SOURCE_DIR}/ui/${dir}/*.h" "${SOURCE_DIR}/ui/${dir}/*.cpp")
    foreach(src ${sources})
        file(STRINGS "${src}" includes REGEX "^[ \t]*#[ \t]*include")
        file(RELATIVE_PATH rel "${SOURCE_DIR}" "${src}")
        foreach(line ${includes})
            if(line MATCHES "#[ \t]*include[ \t]*\"(${model_only})" OR line MATCHES "<tbb/")
                list(APPEND violations "${rel} reaches into the live model: ${line}")
            endif()
        endforeach()
    endforeach()
endforeach()

if(violations)
    list(JOIN violations "\n  " text)
    message(FATAL_ERROR "Include rules broken:\n  ${text}")
endif()
message(STATUS "Include rules hold.")
